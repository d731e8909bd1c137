"""Benchmark: `reintegra import_manifest` with a 10,000-row manifest (issue 4: under 10 s).

Times the command end to end (read the file, check every row, registry check, create the
people, cases, families, consents, operation members, registry candidates, and, the
operation having arrived, every protocol step, each with its audit event) in a fresh
database, and verifies the audit chain afterwards. Not a test: run it by hand.

    .venv/bin/python bench/import_manifest_bench.py                      # SQLite in a temp dir
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/reception_bench .venv/bin/python bench/import_manifest_bench.py

Options: --rows 10000 --runs 3 --registry 0 (people already on the registry, from the
demo seed when > 0) --format csv|xlsx.
"""

import argparse
import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed-demo", action="store_true", help="load the demo cohort first (a registry to check against)")
    parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="reception-bench-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reintegra.settings")
    # Production settings: DEBUG keeps every SQL statement in memory.
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "bench-" + os.urandom(24).hex())
    os.environ["REINTEGRA_DATA_DIR"] = tmp
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from reintegra.audit.models import AuditEvent
    from reintegra.reception.models import OperationMember, RegistryCandidate, Step
    from reintegra.reception.synthetic import manifest_rows, to_csv, to_xlsx

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # start from empty tables on a reused database
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0)
    if args.seed_demo:
        call_command("seed_demo", "--password", "bench-password-1", stdout=io.StringIO())
    rows = manifest_rows(args.rows)
    data = to_xlsx(rows) if args.format == "xlsx" else to_csv(rows)
    path = Path(tmp) / f"manifest.{args.format}"
    path.write_bytes(data)
    print(f"database: {connection.vendor}; manifest: {len(rows)} rows, {len(data) / 1024:.0f} KiB {args.format}")
    timings = []
    for run in range(1, args.runs + 1):
        before = (AuditEvent.objects.count(), Step.objects.count(), RegistryCandidate.objects.count())
        out = io.StringIO()
        cpu = time.process_time()
        start = time.perf_counter()
        call_command("import_manifest", str(path), "--operation", f"Bench run {run}",
                     "--arrival", "2019-04-20T06:00+02:00", "--protocol", "kosovo",
                     "--municipality", "Prishtinë", stdout=out, stderr=io.StringIO())
        elapsed = time.perf_counter() - start
        cpu = time.process_time() - cpu
        timings.append(elapsed)
        after = (AuditEvent.objects.count(), Step.objects.count(), RegistryCandidate.objects.count())
        print(f"run {run}: {elapsed:.2f} s wall, {cpu:.2f} s CPU in this process, load {os.getloadavg()[0]:.1f}  ({out.getvalue().strip()}; "
              f"{after[0] - before[0]} audit events, {after[1] - before[1]} steps, "
              f"{after[2] - before[2]} candidates; {OperationMember.objects.count()} members in all)")
    verify = io.StringIO()
    call_command("audit_verify", stdout=verify)
    print(verify.getvalue().strip())
    timings.sort()
    print(f"median {timings[len(timings) // 2]:.2f} s, best {timings[0]:.2f} s, worst {timings[-1]:.2f} s "
          f"(target: under 10 s)")


if __name__ == "__main__":
    main()
