#!/usr/bin/env bash
# Load benchmark (docs/benchmarks.md, "Load: 50 users for 5 minutes"), loopback only.
#
#   bench/load/run.sh [--users 50] [--minutes 5] [--cases 1000] [--work DIR]
#
# Starts a throw-away PostgreSQL cluster, migrates, seeds the demo network with --cases cases,
# creates the benchmark's counsellors (bench/load/prepare.py: TOTP devices, API tokens), starts
# gunicorn (GUNICORN_WORKERS, default 5, as docs/operator-guide.md sizes 2 cores) and the job
# worker with REQUIRE_2FA on, then runs locust headless three times:
#   1. baseline: one counsellor alone for 1 minute, short pauses (each route without contention);
#   2. baseline: --users users on GET /healthz only for 1 minute (gunicorn and machine);
#   3. the load: --users counsellors for --minutes minutes.
# Writes WORK/report.md (per route: requests, failures, median, p95, p99) and stops everything.
# Exits non-zero when the load had any failed request.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
USERS=50 MINUTES=5 CASES=1000 WORK=
while [ $# -gt 0 ]; do
  case "$1" in
    --users) USERS=$2; shift 2;; --minutes) MINUTES=$2; shift 2;;
    --cases) CASES=$2; shift 2;; --work) WORK=$2; shift 2;;
    *) echo "unknown argument $1" >&2; exit 2;;
  esac
done
WORK=${WORK:-$(mktemp -d /tmp/returnnet-load.XXXXXX)}
mkdir -p "$WORK"
# shellcheck source=../lib.sh
. "$ROOT/bench/lib.sh"
trap bench_stop_all EXIT

echo "== PostgreSQL, migrate, seed $CASES cases, $((USERS + 1)) accounts ($WORK)"
pg_start
app_env
start=$(date +%s)
app_prepare "$CASES" "$((USERS + 1))"
echo "   prepared in $(( $(date +%s) - start )) s"
gunicorn_start
worker_start
HOST="http://127.0.0.1:$APP_PORT"
export BENCH_USERS_FILE="$WORK/users.json"

locust_run() {  # name users seconds class [offset]
  BENCH_USER_OFFSET=${5:-0} "$ROOT/.venv/bin/locust" -f "$ROOT/bench/load/locustfile.py" --headless \
    --host "$HOST" -u "$2" -r 5 -t "${3}s" --stop-timeout 10 --csv "$WORK/$1" --only-summary \
    --exit-code-on-error 0 "$4" >"$WORK/$1.log" 2>&1
}

# BASELINE_SECONDS and LOAD_SECONDS shorten a trial run of this script.
BASELINE_SECONDS=${BASELINE_SECONDS:-60}
echo "== baseline: one counsellor, $BASELINE_SECONDS s"
locust_run single 1 "$BASELINE_SECONDS" Solo "$USERS"
echo "== baseline: $USERS users on /healthz, $BASELINE_SECONDS s"
locust_run health "$USERS" "$BASELINE_SECONDS" HealthOnly
echo "== load: $USERS counsellors, $MINUTES min"
read -r app0 db0 <<< "$(cpu_seconds)"
load0=$(cut -d' ' -f1 /proc/loadavg)
: > "$WORK/acks"
BENCH_ACK_LOG="$WORK/acks" locust_run load "$USERS" "${LOAD_SECONDS:-$((MINUTES * 60))}" Counsellor 0
read -r app1 db1 <<< "$(cpu_seconds)"
load1=$(cut -d' ' -f1 /proc/loadavg)
cpu="gunicorn $((app1 - app0)) s, PostgreSQL $((db1 - db0)) s; load average $load0 before, $load1 after"

# Every session the server acknowledged (302 to the new session) is in the database.
touch "$WORK/acks"
acked=$(grep -c '^session ' "$WORK/acks" || true)
ids=$(awk '/^session /{print $2}' "$WORK/acks" | paste -sd, -)
present=$( [ -n "$ids" ] && psql_q -c "SELECT count(*) FROM cases_counsellingsession WHERE id IN ($ids)" || echo 0)
sessions="$acked acknowledged, $present of them in the database"
"$PY" "$ROOT/bench/load/report.py" --work "$WORK" --users "$USERS" --minutes "$MINUTES" --cases "$CASES" \
  --workers "${GUNICORN_WORKERS:-5}" --sessions "$sessions" --baseline-seconds "$BASELINE_SECONDS" \
  --cpu "$cpu" --cpu-app "$((app1 - app0))" --cpu-db "$((db1 - db0))" | tee "$WORK/report.md"
