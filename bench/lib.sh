# Shared by bench/load/run.sh and bench/fault/run.sh (source it): a throw-away PostgreSQL
# cluster, the application under gunicorn and the job worker, all on 127.0.0.1 only, all
# stopped by bench_stop_all (the runners trap EXIT). Needs: ROOT (the checkout), WORK (a
# scratch directory).

PG_BIN=${PG_BIN:-$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)")}
PY="$ROOT/.venv/bin/python"

free_port() { "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }

pg_start() {
  PG_PORT=${PG_PORT:-$(free_port)}
  mkdir -p "$WORK/pg"
  chown postgres "$WORK" "$WORK/pg" 2>/dev/null || true
  if [ ! -d "$WORK/pg/data" ]; then
    as_pg "$PG_BIN/initdb -D $WORK/pg/data -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null"
  fi
  # Durable settings (fsync on): the fault benchmark kills processes and restarts the server.
  as_pg "$PG_BIN/pg_ctl -D $WORK/pg/data -o '-p $PG_PORT -k $WORK/pg -c listen_addresses=127.0.0.1 -c max_connections=200' -l $WORK/pg/log -w start >/dev/null"
  as_pg "$PG_BIN/createdb -h 127.0.0.1 -p $PG_PORT -U postgres returnnet" 2>/dev/null || true
  export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/returnnet"
}

pg_restart() { as_pg "$PG_BIN/pg_ctl -D $WORK/pg/data -m fast -w restart -o \"-p $PG_PORT -k $WORK/pg -c listen_addresses=127.0.0.1 -c max_connections=200\" -l $WORK/pg/log >/dev/null"; }
pg_stop() { [ -d "$WORK/pg/data" ] && as_pg "$PG_BIN/pg_ctl -D $WORK/pg/data -m fast -w stop >/dev/null" 2>/dev/null || true; }
psql_q() { "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d returnnet -qAt -v ON_ERROR_STOP=1 "$@"; }

app_env() {
  # Development settings with production's second factor and several processes; never DEBUG.
  export RETURNNET_VAR_DIR="$WORK/var" REQUIRE_2FA=true DEBUG=false CONN_MAX_AGE=60
  export CACHE_URL="dbcache://returnnet_cache"
}

app_prepare() {
  local cases=$1 users=$2
  "$PY" "$ROOT/manage.py" migrate --no-input -v0
  "$PY" "$ROOT/manage.py" createcachetable
  "$PY" "$ROOT/manage.py" seed_demo --cases "$cases" -v0
  "$PY" "$ROOT/bench/load/prepare.py" --users "$users" --out "$WORK/users.json"
}

APP_PORT=${APP_PORT:-}
gunicorn_start() {
  APP_PORT=${APP_PORT:-$(free_port)}
  (cd "$ROOT" && exec "$ROOT/.venv/bin/gunicorn" returnnet.wsgi --workers "${GUNICORN_WORKERS:-5}" --timeout 30 \
      --graceful-timeout 30 -b "127.0.0.1:$APP_PORT" --pid "$WORK/gunicorn.pid" \
      >>"$WORK/gunicorn.log" 2>&1) &
  for _ in $(seq 1 150); do
    if curl -fsS -o /dev/null "http://127.0.0.1:$APP_PORT/healthz" 2>/dev/null; then
      # Warm every worker: the first request of a worker imports the URLs and views (seconds).
      local warm=()
      for _ in $(seq 1 $(( ${GUNICORN_WORKERS:-5} * 4 ))); do
        curl -fsS -o /dev/null --max-time 60 "http://127.0.0.1:$APP_PORT/accounts/login/" & warm+=($!)
      done
      wait "${warm[@]}" || true  # only the curls: a bare `wait` would wait for gunicorn itself
      return 0
    fi
    sleep 0.2
  done
  echo "gunicorn did not come up; see $WORK/gunicorn.log" >&2; return 1
}

gunicorn_pids() {
  # The master (pid file) and its workers: exactly what we started, nothing by name.
  local master
  master=$(cat "$WORK/gunicorn.pid" 2>/dev/null) || return 0
  echo "$master" $(pgrep -P "$master" 2>/dev/null)
}

gunicorn_stop() { local pids; pids=$(gunicorn_pids); [ -n "$pids" ] && kill $pids 2>/dev/null; sleep 1; rm -f "$WORK/gunicorn.pid"; }

worker_start() {
  # Supervised like the systemd unit (docs/deploy/systemd/returnnet-worker@.service:
  # Restart=always, RestartSec=5): when the worker exits or is killed, it starts again 5 s later.
  (
    trap 'kill "$(cat "$WORK/worker.pid")" 2>/dev/null; exit 0' TERM
    while true; do
      (cd "$ROOT" && exec "$PY" manage.py db_worker --queue-name "*" --interval 0.2 --no-startup-delay \
          --no-reload >>"$WORK/worker.log" 2>&1) &
      echo $! > "$WORK/worker.pid"
      wait $! && status=0 || status=$?
      echo "$(date +%s.%N) worker exited with status $status" >> "$WORK/worker-exits"
      sleep 5
    done
  ) &
  WORKER_SUPERVISOR=$!
}

worker_pid() { cat "$WORK/worker.pid"; }

worker_stop() {
  [ -n "${WORKER_SUPERVISOR:-}" ] || return 0
  kill "$WORKER_SUPERVISOR" 2>/dev/null; wait "$WORKER_SUPERVISOR" 2>/dev/null; WORKER_SUPERVISOR=
}

cpu_seconds() {
  # CPU seconds used so far by gunicorn (master and workers) and by the PostgreSQL cluster:
  # what the application itself costs, whatever else runs on the machine. PostgreSQL's
  # backends come and go (CONN_MAX_AGE): the postmaster's cutime/cstime count the ended ones.
  "$PY" - "$WORK" $(gunicorn_pids) <<'EOF'
import os, sys
from pathlib import Path
tick = os.sysconf("SC_CLK_TCK")
def times(pid, children=False):
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return sum(int(value) for value in fields[11:15 if children else 13])
work, app_pids = sys.argv[1], sys.argv[2:]
app = sum(times(pid) for pid in app_pids)
postmaster = Path(f"{work}/pg/data/postmaster.pid").read_text().split()[0]
live = [p.name for p in Path("/proc").iterdir() if p.name.isdigit() and (Path(f"/proc/{p.name}/stat").exists())]
db = times(postmaster, children=True)
for pid in live:
    try:
        if Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1] == postmaster:
            db += times(pid)
    except OSError:
        pass
print(app // tick, db // tick)
EOF
}

bench_stop_all() {
  worker_stop || true
  gunicorn_stop || true
  pg_stop
}
