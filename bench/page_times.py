"""Service time of the benchmark's three pages in one process (no HTTP, no concurrency).

    DATABASE_URL=... python bench/page_times.py [--user coordinator] [--runs 8]

Signs in as `--user` with Django's test client and times the trivial signed-in page (the
empty search form), searches for surnames and full names drawn from the database, and case
pages of cases the user may open. Each URL runs `--runs` times and keeps its best time,
which other processes on a shared machine disturb least; printed is the median over the
URLs of those best times, in ms. For comparing two versions of the code on one machine
(`PYTHONPATH=/path/to/other/src`), not for the issue's targets: those are HTTP
(`http_bench.py`). Every case page read and search is audited, as in the app.
"""

import argparse
import os
import random
import statistics
import sys
import time


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--user", default="coordinator")
    parser.add_argument("--runs", type=int, default=8)
    parser.add_argument("--urls", type=int, default=8, help="distinct searches and case pages")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reintegra.settings")
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "bench-only-" + "k" * 50)
    os.environ.setdefault("ALLOWED_HOSTS", "*")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client

    from reintegra.access import policy
    from reintegra.people.models import PersonName

    user = get_user_model().objects.get(username=args.user)
    rng = random.Random(1)
    names = list(PersonName.objects.values_list("given_name", "family_name").order_by("pk")[:2000])
    picked = rng.sample(names, min(args.urls, len(names)))
    searches = [f"/people/?q={family}" if i % 2 else f"/people/?q={given}+{family}"
                for i, (given, family) in enumerate(picked)]
    readable = list(policy.cases_readable(user).values_list("pk", flat=True).order_by("pk")[:2000])
    cases = [f"/cases/{pk}/" for pk in rng.sample(readable, min(args.urls, len(readable)))]
    client = Client()
    client.force_login(user)
    for label, urls in (("trivial", ["/people/"]), ("search", searches), ("case page", cases)):
        if not urls:
            print(f"{label:10s} nothing to time for {args.user}")
            continue
        for url in urls:
            client.get(url)  # warm: connection, templates, the policy's compiled queries
        best = {url: float("inf") for url in urls}
        for _ in range(args.runs):
            for url in urls:
                started = time.perf_counter()
                response = client.get(url)
                best[url] = min(best[url], (time.perf_counter() - started) * 1000)
                if response.status_code != 200:
                    raise SystemExit(f"{url}: HTTP {response.status_code}")
        print(f"{label:10s} {statistics.median(best.values()):7.2f} ms  (median of best of {args.runs}, {len(urls)} URLs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
