"""HTTP benchmark: the app under gunicorn (2 workers, production settings), 8 clients.

    python bench/generate.py --persons 100000 --audit-events 1000000   # once per database
    python bench/http_bench.py --requests 2000                          # then measure

Uses the database in DATABASE_URL. The load comes from wrk (default; `apt-get install
wrk`), one thread per client, each phase `--seconds` long; `--client python` uses Python
threads with httpx instead (heavier on the shared CPU) and `--requests` per phase. Measures, one phase after another, a trivial
signed-in page (the empty search form), person search, and the case page (whose read is
audited: every request appends to the hash-chained log). Prints p50/p95 per phase and
the ratio of each to the trivial page measured on the same server in the same run.
Bounded: a fixed number of requests per phase, to 127.0.0.1 only.
"""

import argparse
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = os.environ.get("BENCH_PASSWORD", "bench-pass-2026")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _server_env(static_root: str) -> dict:
    env = dict(os.environ)
    env.update(
        DEBUG="0",
        SECRET_KEY="bench-only-" + "k" * 50,
        ALLOWED_HOSTS="127.0.0.1",
        STATIC_ROOT=static_root,
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        LOG_LEVEL="ERROR",
    )
    return env


def _targets(env: dict) -> dict:
    """Case ids and search words drawn from the database, through Django."""
    code = (
        "import json,random;"
        "from reintegra.cases.models import Case;"
        "from reintegra.people.models import PersonName;"
        "r=random.Random(1);"
        "ids=list(Case.objects.values_list('pk',flat=True).order_by('?')[:500]);"
        "local=list(Case.objects.filter(municipality='Prishtinë').values_list('pk',flat=True).order_by('?')[:500]);"
        "names=list(PersonName.objects.values_list('given_name','family_name').order_by('?')[:500]);"
        "print(json.dumps({'cases':ids,'local_cases':local,'names':names}))"
    )
    out = subprocess.run([sys.executable, "-m", "reintegra", "shell", "-c", code], env=env,
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _queries(names, rng) -> list[str]:
    queries = []
    for given, family in names:
        roll = rng.random()
        if roll < 0.4:
            queries.append(family)  # a whole surname: many hits, first page shown
        elif roll < 0.8:
            queries.append(f"{given} {family}")
        else:
            queries.append(family[:4])  # a prefix as typed
    return queries


def _sign_in(client: httpx.Client, username: str) -> None:
    page = client.get("/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    response = client.post("/login/", data={"username": username, "password": PASSWORD,
                                            "csrfmiddlewaretoken": token}, headers={"Referer": str(client.base_url)})
    if response.status_code != 302:
        raise SystemExit(f"sign-in failed for {username}: {response.status_code}")


def _phase(clients, make_url, total: int) -> dict:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    per_client = total // len(clients)

    def run(client, idx):
        nonlocal errors
        rng = random.Random(idx)
        local = []
        bad = 0
        for _ in range(per_client):
            url = make_url(idx, rng)
            t0 = time.perf_counter()
            r = client.get(url)
            local.append((time.perf_counter() - t0) * 1000)
            if r.status_code != 200:
                bad += 1
        with lock:
            latencies.extend(local)
            errors += bad

    threads = [threading.Thread(target=run, args=(c, i)) for i, c in enumerate(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    latencies.sort()
    return {
        "requests": len(latencies),
        "errors": errors,
        "p50_ms": round(statistics.median(latencies), 1),
        "p95_ms": round(latencies[int(len(latencies) * 0.95) - 1], 1),
        "rps": round(len(latencies) / wall, 1),
    }


def _wrk_phase(clients, make_url, seconds: int, workdir: Path) -> dict:
    """The same phase driven by wrk (C, event loop): the load generator then takes little
    of the 2 cores the server needs. One wrk thread per client, each with its cookie."""
    for idx, client in enumerate(clients):
        rng = random.Random(idx)
        cookie = "; ".join(f"{k}={v}" for k, v in client.cookies.items())
        (workdir / f"cookie_{idx}.txt").write_text(cookie + "\n")
        (workdir / f"paths_{idx}.txt").write_text("\n".join(make_url(idx, rng) for _ in range(5000)) + "\n")
    out = subprocess.run(
        ["wrk", "-t", str(len(clients)), "-c", str(len(clients)), "-d", f"{seconds}s", "--timeout", "10s",
         "-s", str(ROOT / "bench" / "wrk_phase.lua"), str(clients[0].base_url), "--", str(workdir)],
        capture_output=True, text=True, check=True,
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["errors"] = result.pop("non_2xx") + result.pop("socket_errors")
    result["rps"] = round(result["requests"] / result.pop("seconds"), 1)
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="HTTP benchmark under gunicorn")
    parser.add_argument("--requests", type=int, default=2000, help="requests per phase")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--client", choices=["wrk", "python"], default="wrk",
                        help="load generator: wrk (Debian package 'wrk') or Python threads with httpx")
    parser.add_argument("--seconds", type=int, default=20, help="length of each phase with wrk")
    args = parser.parse_args(argv)
    if args.client == "wrk" and shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk, or use --client python")

    static_root = tempfile.mkdtemp(prefix="reintegra-static-")
    env = _server_env(static_root)
    subprocess.run([sys.executable, "-m", "reintegra", "collectstatic", "--noinput", "-v", "0"], env=env, check=True)
    targets = _targets(env)
    port = _free_port()
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "reintegra.wsgi:application", "-w", str(args.workers),
         "-b", f"127.0.0.1:{port}", "--access-logfile", "-", "--log-level", "warning"],
        env=env, stdout=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                httpx.get(base + "/login/", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        # Half the clients are the coordinator (all cases), half the police (one municipality).
        users = ["coordinator" if i % 2 == 0 else "police" for i in range(args.clients)]
        clients = [httpx.Client(base_url=base, timeout=30) for _ in users]
        for client, username in zip(clients, users, strict=True):
            _sign_in(client, username)
        rng = random.Random(3)
        queries = _queries(targets["names"], rng)

        def trivial(idx, r):
            return "/people/"

        def search(idx, r):
            return "/people/?" + httpx.QueryParams({"q": r.choice(queries)}).__str__()

        def case_page(idx, r):
            pool = targets["cases"] if users[idx] == "coordinator" else targets["local_cases"]
            return f"/cases/{r.choice(pool)}/"

        _phase(clients, trivial, args.clients * 10)  # warm-up: connections, caches
        phases = {"trivial": trivial, "search": search, "case_page": case_page}
        if args.client == "wrk":
            workdir = Path(tempfile.mkdtemp(prefix="reintegra-wrk-"))
            results = {name: _wrk_phase(clients, fn, args.seconds, workdir) for name, fn in phases.items()}
        else:
            results = {name: _phase(clients, fn, args.requests) for name, fn in phases.items()}
        for name in ("search", "case_page"):
            results[name]["p50_ratio_to_trivial"] = round(results[name]["p50_ms"] / results["trivial"]["p50_ms"], 2)
            results[name]["p95_ratio_to_trivial"] = round(results[name]["p95_ms"] / results["trivial"]["p95_ms"], 2)
        vendor = subprocess.run([sys.executable, "-c", "import dj_database_url,os;print(dj_database_url.parse(os.environ.get('DATABASE_URL','sqlite:///x'))['ENGINE'].rsplit('.',1)[-1])"],
                                env=env, capture_output=True, text=True).stdout.strip()
        print(json.dumps({"database": vendor, "client": args.client, "clients": args.clients,
                          "workers": args.workers, **results}, indent=2))
    finally:
        server.terminate()
        server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
