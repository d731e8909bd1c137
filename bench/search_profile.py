"""In-process service times of person search (no HTTP, no concurrency).

    DATABASE_URL=... python bench/search_profile.py [--queries 200] [--repeat 2]

For the `coordinator` (every case) and `police` (one municipality) users of the bench
data (`bench/generate.py`), runs the same mix of searches as `http_bench.py` (40 % a
whole surname, 40 % given name and surname, 20 % a four-letter prefix) and prints, per
user, the median and 95th percentile of each step: finding the matching ids through the
policy, loading the first page for display, appending the search's audit event, the
whole page through Django's WSGI handler (middleware, session, rendering), and the
trivial signed-in page (the empty search form) for comparison. One process,
one request at a time: this is service time, what the HTTP benchmark's latency is made
of when eight clients share two workers. Each search runs `--repeat` times and keeps
its best time per step, which other processes on a shared machine disturb least.
Appends two audit events per search and pass.
"""

import argparse
import json
import os
import random
import statistics
import sys
import time


def _setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reintegra.settings")
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "bench-only-" + "k" * 50)
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
    import django

    django.setup()


def _queries(n: int, seed: int) -> list[str]:
    from reintegra.people.models import PersonName

    rng = random.Random(seed)
    top = PersonName.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    picked = []
    while len(picked) < n and top:
        row = PersonName.objects.filter(pk__gte=rng.randint(1, top)).order_by("pk").values_list(
            "given_name", "family_name").first()
        if row and row[0] and row[1]:
            picked.append(row)
    queries = []
    for given, family in picked:
        roll = rng.random()
        if roll < 0.4:
            queries.append(family)
        elif roll < 0.8:
            queries.append(f"{given} {family}")
        else:
            queries.append(family[:4])
    return queries


def _stats(values: list[float]) -> dict:
    values = sorted(values)
    return {"p50": round(statistics.median(values), 2), "p95": round(values[int(len(values) * 0.95) - 1], 2),
            "mean": round(statistics.fmean(values), 2)}


def _wsgi_get(cookies):
    """GET /people/?q=... through Django's WSGI handler, as gunicorn calls it (the test
    client would add its own work: it copies every template context it renders)."""
    import io
    from urllib.parse import urlencode

    from django.core.handlers.wsgi import WSGIHandler

    handler = WSGIHandler()
    cookie = "; ".join(f"{k}={v.value}" for k, v in cookies.items())

    def get(q: str) -> None:
        environ = {
            "REQUEST_METHOD": "GET", "PATH_INFO": "/people/", "QUERY_STRING": urlencode({"q": q}) if q else "",
            "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "80", "HTTP_HOST": "127.0.0.1", "HTTP_COOKIE": cookie,
            "REMOTE_ADDR": "127.0.0.1", "wsgi.input": io.BytesIO(), "wsgi.url_scheme": "http",
            "wsgi.errors": sys.stderr,
        }
        status = []
        body = b"".join(handler(environ, lambda s, h, *a: status.append(s)))
        if not status[0].startswith("200") or not body:
            raise SystemExit(f"GET /people/?q={q} answered {status[0]}")

    return get


def _backend_cpu_seconds() -> float:
    """CPU time of this connection's PostgreSQL backend so far (same machine, /proc)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")  # the server is elsewhere: client CPU only
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _cpu_per_request(request, queries: list[str]) -> float:
    """Mean CPU milliseconds per request: this process plus (PostgreSQL) its server
    backend. Unlike wall time, it hardly changes with what else runs on the machine."""
    client0, server0 = time.process_time(), _backend_cpu_seconds()
    for q in queries:
        request(q)
    client1, server1 = time.process_time(), _backend_cpu_seconds()
    return round(((client1 - client0) + (server1 - server0)) * 1000 / len(queries), 2)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3,
                        help="passes over the queries; each step's time is its best pass (the machine is shared)")
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--users", default="coordinator,police")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args(argv)
    _setup()
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.test.client import RequestFactory

    from reintegra.access import policy
    from reintegra.people import selectors, services

    queries = list(dict.fromkeys(_queries(args.queries, args.seed)))  # distinct searches
    factory = RequestFactory()
    report = {}
    for username in args.users.split(","):
        user = get_user_model().objects.get(username=username)
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        page = _wsgi_get(client.cookies)
        steps: dict[str, list[float]] = {"ids": [], "page": [], "audit": [], "view": [], "trivial": []}
        best: dict[str, dict[str, float]] = {q: {} for q in queries}
        found = {}
        for _rep in range(args.repeat):
            for q in queries:
                policy.clear_cache(user)
                t0 = time.perf_counter()
                result = selectors.person_search_ids(user, q)
                t1 = time.perf_counter()
                selectors.persons_for_display(user, result.ids[:25])
                t2 = time.perf_counter()
                services.search_record(user=user, request=factory.get("/people/"), query=q, found=result.count)
                t3 = time.perf_counter()
                page(q)
                t4 = time.perf_counter()
                page("")
                t5 = time.perf_counter()
                for step, ms in zip(steps, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4), strict=True):
                    best[q][step] = min(best[q].get(step, 1e9), ms * 1000)
                found[q] = result.count
        for q in queries:
            for step in steps:
                steps[step].append(best[q][step])
        found = list(found.values())
        report[username] = {step: _stats(v) for step, v in steps.items()}
        report[username]["found"] = _stats([float(n) for n in found])
        report[username]["cpu"] = {
            "view": _cpu_per_request(page, queries),
            "trivial": _cpu_per_request(lambda q, page=page: page(""), queries),
        }
    from django.db import connection

    if args.json:
        print(json.dumps({"database": connection.vendor, "queries": len(queries), "ms": report}, indent=2))
        return 0
    print(f"{connection.vendor}, {len(queries)} searches per user; milliseconds p50 / p95 (found: people);"
          " CPU: mean per request, client and database")
    print("| user | " + " | ".join(steps) + " | found | CPU view | CPU trivial |")
    print("|---" * (len(steps) + 4) + "|")
    for username, row in report.items():
        cells = [f"{row[s]['p50']} / {row[s]['p95']}" for s in [*steps, "found"]]
        cells += [str(row["cpu"]["view"]), str(row["cpu"]["trivial"])]
        print(f"| {username} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
