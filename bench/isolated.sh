#!/bin/bash
# Run a benchmark command shielded from other work on a shared Linux machine.
#
#   setsid -w bench/isolated.sh [--private-pg DATADIR PORT] COMMAND...
#
# `setsid` makes a new session, and with it a new scheduler autogroup; this script gives
# that autogroup nice -20 (root only), so other sessions' processes (test suites, builds)
# get about a tenth of the CPU while COMMAND runs. Plain `nice` would not do it: with
# autogroups it only ranks processes within one session.
#
# With --private-pg, the PostgreSQL cluster in DATADIR (initdb'd beforehand, owned by
# the `postgres` user, listening on 127.0.0.1:PORT) is started inside the session, so
# its backends share the priority, and stopped afterwards. COMMAND then gets
# DATABASE_URL=postgres://postgres@127.0.0.1:PORT/search_bench (override with BENCH_DB).
# A shared server's backends belong to its own session and cannot be raised alone.
set -euo pipefail
echo "${AUTOGROUP_NICE:--20}" > /proc/self/autogroup
if [ "${1:-}" = "--private-pg" ]; then
  datadir="$2"; port="$3"; shift 3
  bindir="$(pg_config --bindir 2>/dev/null || echo /usr/lib/postgresql/15/bin)"
  runuser -u postgres -- "$bindir/postgres" -D "$datadir" -p "$port" > "$datadir/bench-server.log" 2>&1 &
  server=$!
  trap 'runuser -u postgres -- "$bindir/pg_ctl" -D "$datadir" -w -m fast stop > /dev/null; wait $server || true' EXIT
  for _ in $(seq 100); do pg_isready -q -h 127.0.0.1 -p "$port" && break; sleep 0.2; done
  export DATABASE_URL="postgres://postgres@127.0.0.1:$port/${BENCH_DB:-search_bench}"
fi
echo "# autogroup $(cat /proc/self/autogroup); load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
"$@"
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
