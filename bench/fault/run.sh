#!/usr/bin/env bash
# Fault benchmark (docs/benchmarks.md, "Faults: kill -9 and database restart"), loopback only,
# bounded (about 4 minutes after the set-up).
#
#   bench/fault/run.sh [--users 20] [--jobs 300] [--cases 200] [--work DIR]
#
# With a throw-away PostgreSQL (fsync on), gunicorn (5 workers) and one job worker, --users
# counsellors record counselling sessions (bench/load/locustfile.py, class Writer; every
# acknowledged session id is logged) until 30 s after the database restart, while:
#   t+25 s  --jobs marker jobs are enqueued (bench/fault/tasks.py)
#   t+30 s  kill -9 of the gunicorn master and all its workers, mid-write
#   then    kill -9 of the job worker while it runs a marker job
#   t+33 s  gunicorn is started again; the worker is restarted by its supervisor after 5 s
#           (bench/lib.sh, like systemd's Restart=always in docs/deploy/systemd/)
#   +40 s   pg_ctl restart -m fast; the app servers are NOT restarted (the worker exits on
#           the lost connection and its supervisor starts it again)
# Then: the queue is drained; jobs the killed worker left RUNNING are enqueued again (what an
# operator must do, see bench/fault/jobs.py); bench/fault/check.py checks acknowledged writes,
# half-written rows, the audit chain, markers and the failures per time window.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
USERS=20 JOBS=300 CASES=200 WORK=
while [ $# -gt 0 ]; do
  case "$1" in
    --users) USERS=$2; shift 2;; --jobs) JOBS=$2; shift 2;;
    --cases) CASES=$2; shift 2;; --work) WORK=$2; shift 2;;
    *) echo "unknown argument $1" >&2; exit 2;;
  esac
done
WORK=${WORK:-$(mktemp -d /tmp/returnnet-fault.XXXXXX)}
mkdir -p "$WORK"
# shellcheck source=../lib.sh
. "$ROOT/bench/lib.sh"
LOCUST_PID=
cleanup() { [ -n "$LOCUST_PID" ] && kill "$LOCUST_PID" 2>/dev/null; bench_stop_all; }
trap cleanup EXIT

echo "== PostgreSQL, migrate, seed $CASES cases, $USERS accounts ($WORK)"
pg_start
app_env
app_prepare "$CASES" "$USERS"
"$PY" "$ROOT/bench/fault/jobs.py" setup
first_session=$(psql_q -c "SELECT coalesce(max(id), 0) + 1 FROM cases_counsellingsession")
gunicorn_start
worker_start
: > "$WORK/acks"; : > "$WORK/events"; : > "$WORK/timeline"
mark() { echo "$1 $(date +%s.%N)" >> "$WORK/timeline"; echo "   $(date +%T) $1"; }
wait_http() {  # until gunicorn answers /healthz
  until curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$APP_PORT/healthz" 2>/dev/null; do sleep 0.1; done
}

echo "== load: $USERS writers until 30 s after the database restart"
BENCH_USERS_FILE="$WORK/users.json" BENCH_ACK_LOG="$WORK/acks" BENCH_EVENT_LOG="$WORK/events" \
  "$ROOT/.venv/bin/locust" -f "$ROOT/bench/load/locustfile.py" --headless --host "http://127.0.0.1:$APP_PORT" \
  -u "$USERS" -r 10 -t 900s --stop-timeout 10 --csv "$WORK/fault" --only-summary --exit-code-on-error 0 \
  Writer > "$WORK/locust.log" 2>&1 &
LOCUST_PID=$!
mark load_start
sleep 25
"$PY" "$ROOT/bench/fault/jobs.py" enqueue "$JOBS"
mark jobs_enqueued
sleep 5

echo "== kill -9: gunicorn master and workers, then the job worker mid-job"
pids=$(gunicorn_pids)
kill -9 $pids 2>/dev/null || true
mark gunicorn_killed
# The worker is killed while it runs a marker job (between the job's two transactions).
running_job() {
  psql_q -c "SELECT count(*) FROM django_tasks_database_dbtaskresult
             WHERE status = 'RUNNING' AND task_path = 'bench.fault.tasks.write_marker'"
}
for _ in $(seq 1 200); do [ "$(running_job)" != 0 ] && break; sleep 0.02; done
kill -9 "$(worker_pid)"
mark worker_killed
sleep 2
rm -f "$WORK/gunicorn.pid"
gunicorn_start
wait_http
mark gunicorn_up
# The supervisor (like systemd's Restart=always) has started the worker again meanwhile.

sleep 40
echo "== PostgreSQL restart (pg_ctl restart -m fast), the app is not restarted"
mark pg_restart
pg_restart
mark pg_up
sleep 30
kill -TERM "$LOCUST_PID" 2>/dev/null || true  # locust stops its users and writes its statistics
wait "$LOCUST_PID" || true
LOCUST_PID=
mark load_end

echo "== draining the queue"
ready() { psql_q -c "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status = 'READY'"; }
for _ in $(seq 1 300); do [ "$(ready)" = 0 ] && break; sleep 1; done
stuck=$("$PY" "$ROOT/bench/fault/jobs.py" status)
requeued=$("$PY" "$ROOT/bench/fault/jobs.py" requeue-stuck)
sleep 1
for _ in $(seq 1 120); do [ "$(ready)" = 0 ] && break; sleep 1; done
"$PY" - "$WORK" "$requeued" "$stuck" "$ROOT/bench/fault/jobs.py" <<'EOF'
import json, subprocess, sys
work, requeued, before, jobs = sys.argv[1], int(sys.argv[2]), json.loads(sys.argv[3]), sys.argv[4]
status = json.loads(subprocess.run([sys.executable, jobs, "status"], capture_output=True, text=True, check=True).stdout)
status["requeued"] = requeued
status["stuck_before_requeue"] = before["attempts_without_marker"]
open(f"{work}/jobs.json", "w").write(json.dumps(status))
EOF
echo "== worker exits (each restarted 5 s later by the supervisor, as systemd would)"
cat "$WORK/worker-exits" 2>/dev/null || true
echo "== verdict"
"$PY" "$ROOT/bench/fault/check.py" --work "$WORK" --first-session-id "$first_session" | tee "$WORK/report.md"
