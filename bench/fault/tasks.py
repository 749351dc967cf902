"""The fault benchmark's job (bench/fault/run.sh): writes one marker row per key, idempotently.

Each run first records an attempt (its own committed transaction), then works for a moment
(so that a `kill -9` of the worker lands mid-job), then inserts the marker in a second
transaction with ON CONFLICT DO NOTHING: a job run twice leaves one marker and two attempts.
The tables are created by bench/fault/jobs.py on the benchmark's throw-away database, not by a
migration: they exist only there.
"""

import os
import time

from django.db import connection, transaction
from django_tasks import task

WORK_SECONDS = 0.2


@task()
def write_marker(key: str) -> str:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("INSERT INTO bench_job_attempt (key, pid) VALUES (%s, %s)", [key, os.getpid()])
    time.sleep(WORK_SECONDS)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("INSERT INTO bench_job_marker (key) VALUES (%s) ON CONFLICT (key) DO NOTHING", [key])
    return key
