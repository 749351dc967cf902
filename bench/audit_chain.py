"""Benchmark: what the audit checkpoints cost writers, the checkpoint job and verification.

Usage (from the checkout; a throw-away test database is created and dropped):

    .venv/bin/python bench/audit_chain.py [--writes 2000] [--entries 50000] [--threads 4]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/returnnet .venv/bin/python bench/audit_chain.py

Measured in one run, side by side:
1. audit writes (`apps.audit.services.record`, one autocommit INSERT each) with no
   checkpoint job (the baseline), then the same writes while `create_checkpoints()` runs in a
   loop in another thread: µs per write, median and p95, single writer and `--threads`
   concurrent writers;
2. `create_checkpoints()` over `--entries` entries of 10 organisations: µs per entry;
3. `verify_chains()` over the same entries: µs per entry.
"""

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "returnnet.settings")
# A file, not SQLite's shared in-memory database: the checkpoint job runs in another thread.
SCRATCH = tempfile.mkdtemp(prefix="bench-audit-")
os.environ.setdefault("SQLITE_TEST_NAME", os.path.join(SCRATCH, "test.sqlite3"))

import django  # noqa: E402

django.setup()

from django.db import connection, connections  # noqa: E402
from django.test.utils import setup_databases, teardown_databases  # noqa: E402
from django.utils import timezone  # noqa: E402

from apps.audit.chain import create_checkpoints, verify_chains  # noqa: E402
from apps.audit.models import AuditEntry  # noqa: E402
from apps.audit.services import record  # noqa: E402
from tests.factories import OrganisationFactory  # noqa: E402

ORGANISATIONS = 10
ORGANISATION_IDS: list[int] = []  # created in main()


def timed_writes(count: int, offset: int) -> list[float]:
    durations = []
    for index in range(count):
        start = time.perf_counter()
        record(None, "case.viewed", organisation_id=ORGANISATION_IDS[(offset + index) % ORGANISATIONS],
               case_id=index, details={"bench": True})
        durations.append(time.perf_counter() - start)
    connections.close_all()
    return durations


def concurrent_writes(total: int, threads: int) -> tuple[list[float], float]:
    results: list[list[float]] = [[] for _ in range(threads)]

    def worker(slot):
        results[slot] = timed_writes(total // threads, slot)

    workers = [threading.Thread(target=worker, args=(slot,)) for slot in range(threads)]
    start = time.perf_counter()
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    return [d for result in results for d in result], time.perf_counter() - start


class CheckpointLoop:
    """create_checkpoints() again and again, as a very busy scheduler would (grace 1 s:
    every write that has committed is covered about a second later)."""

    def __init__(self, settings):
        self.settings, self.runs, self.stop = settings, 0, threading.Event()

    def __enter__(self):
        self.settings.AUDIT_CHECKPOINT_GRACE = timedelta(seconds=1)
        self.thread = threading.Thread(target=self._loop)
        self.thread.start()
        return self

    def _loop(self):
        while not self.stop.is_set():
            create_checkpoints()
            self.runs += 1
        connections.close_all()

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join()


def summary(durations: list[float]) -> str:
    ordered = sorted(durations)
    p95 = ordered[int(len(ordered) * 0.95) - 1]
    return f"median {statistics.median(ordered) * 1e6:7.0f} µs   p95 {p95 * 1e6:7.0f} µs   (n={len(ordered)})"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--writes", type=int, default=2000)
    parser.add_argument("--entries", type=int, default=50000)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    from django.conf import settings

    engine = connection.vendor
    if engine == "postgresql":  # never the suite's test_returnnet, which may be in use
        connection.settings_dict.setdefault("TEST", {})["NAME"] = "test_returnnet_bench_audit"
    config = setup_databases(verbosity=0, interactive=False)
    try:
        print(f"engine: {engine} {connection.Database.sqlite_version if engine == 'sqlite' else connection.pg_version}")
        ORGANISATION_IDS.extend(OrganisationFactory(code=f"BENCH{n}").pk for n in range(ORGANISATIONS))
        timed_writes(200, 0)  # warm-up
        print(f"1 writer,  no checkpoint job:     {summary(timed_writes(args.writes, 0))}")
        with CheckpointLoop(settings) as loop:
            print(f"1 writer,  checkpoint job looping: {summary(timed_writes(args.writes, 0))}  ({loop.runs} job runs)")
        if engine == "postgresql":
            durations, wall = concurrent_writes(args.writes, args.threads)
            print(f"{args.threads} writers, no checkpoint job:     {summary(durations)}  "
                  f"{len(durations) / wall:6.0f} writes/s")
            with CheckpointLoop(settings) as loop:
                durations, wall = concurrent_writes(args.writes, args.threads)
            print(f"{args.threads} writers, checkpoint job looping: {summary(durations)}  "
                  f"{len(durations) / wall:6.0f} writes/s  ({loop.runs} job runs)")

        settings.AUDIT_CHECKPOINT_GRACE = timedelta(0)
        create_checkpoints()  # cover what the writes left, so that the next run sees only the new entries
        now = timezone.now()
        AuditEntry.objects.bulk_create(
            (AuditEntry(at=now + timedelta(microseconds=i), organisation_id=ORGANISATION_IDS[i % ORGANISATIONS],
                        action="case.viewed", object_type="cases.case", object_id=str(i), object_label=f"case #{i}",
                        case_id=i, actor_email="bench@example.org", details={"bench": True})
             for i in range(args.entries)), batch_size=5000)
        total = AuditEntry.objects.count()
        time.sleep(0.2)  # the newest entry's time must lie before the job's cutoff
        start = time.perf_counter()
        checkpoints = create_checkpoints()
        elapsed = time.perf_counter() - start
        covered = sum(c.entry_count for c in checkpoints)
        print(f"checkpoint job: {elapsed:.2f} s for {covered} new entries ({elapsed / covered * 1e6:.1f} µs/entry)")
        start = time.perf_counter()
        problems = verify_chains()
        elapsed = time.perf_counter() - start
        print(f"verify_audit_chain: {elapsed:.2f} s for {total} entries ({elapsed / total * 1e6:.1f} µs/entry), "
              f"organisations with problems: {len(problems)}")
        for chain, found in problems.items():
            print(f"  organisation {chain}: {found[0]}")
    finally:
        connections.close_all()
        teardown_databases(config, verbosity=0)
        shutil.rmtree(SCRATCH, ignore_errors=True)


if __name__ == "__main__":
    main()
