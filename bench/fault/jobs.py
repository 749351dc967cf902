"""Jobs of the fault benchmark: create the marker tables, enqueue N marker jobs, report.

    .venv/bin/python bench/fault/jobs.py setup
    .venv/bin/python bench/fault/jobs.py enqueue 300
    .venv/bin/python bench/fault/jobs.py status          # JSON on stdout
    .venv/bin/python bench/fault/jobs.py requeue-stuck   # what an operator would do, see below

A job whose worker was killed stays RUNNING in django-tasks-db's queue table for ever (the
library does not detect dead workers; only the outbox has its own recovery,
apps.jobs.services.messages_recover). `requeue-stuck` enqueues such a job again with the same
arguments — the only way to run it — and the markers show whether the second run is harmless.
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "returnnet.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django_tasks_db.models import DBTaskResult  # noqa: E402

from bench.fault.tasks import write_marker  # noqa: E402

TASK_PATH = "bench.fault.tasks.write_marker"


def setup() -> None:
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_job_marker (key text PRIMARY KEY, "
                       "at timestamptz DEFAULT now())")
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_job_attempt (id bigserial PRIMARY KEY, key text NOT NULL, "
                       "pid int NOT NULL, at timestamptz DEFAULT now())")


def enqueue(count: int) -> None:
    for number in range(count):
        write_marker.enqueue(f"job-{number:05d}")


def status() -> dict:
    results = DBTaskResult.objects.filter(task_path=TASK_PATH)
    keys = {row.args_kwargs["args"][0] for row in results.only("args_kwargs")}
    with connection.cursor() as cursor:
        cursor.execute("SELECT key FROM bench_job_marker")
        markers = {row[0] for row in cursor.fetchall()}
        cursor.execute("SELECT key, count(*) FROM bench_job_attempt GROUP BY key")
        attempts = dict(cursor.fetchall())
    return {
        "jobs": len(keys),
        "by_status": {state: results.filter(status=state).count() for state in
                      ("READY", "RUNNING", "SUCCESSFUL", "FAILED")},
        "markers": len(markers),
        "keys_without_marker": sorted(keys - markers),
        "keys_run_more_than_once": sorted(key for key, count in attempts.items() if count > 1),
        "attempts_without_marker": sorted(key for key in attempts if key not in markers),
    }


def requeue_stuck() -> int:
    stuck = list(DBTaskResult.objects.filter(task_path=TASK_PATH, status="RUNNING"))
    for row in stuck:
        write_marker.enqueue(*row.args_kwargs["args"])
    return len(stuck)


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "setup":
        setup()
    elif command == "enqueue":
        enqueue(int(sys.argv[2]))
    elif command == "status":
        print(json.dumps(status()))
    elif command == "requeue-stuck":
        print(requeue_stuck())
    else:
        sys.exit(f"unknown command {command}")
