#!/usr/bin/env python
"""Duplicate check at 1,000,000 persons (issue 14): precision, recall and latency of
`possible_duplicates` on person create, and the batch review's `batch_pairs` against splink.

One command (see docs/benchmarks.md, "Duplicate check at 1,000,000 persons"):

    .venv/bin/python bench/duplicates.py --database-url postgres://postgres@127.0.0.1:55432/postgres

1. Creates the database `--database` (default returnnet_dups_1m) on that server (or, without
   a URL, in a temporary PostgreSQL 15 cluster), migrates it, and loads a labelled set
   (bench/dups_data.py): `--persons` persons drawn from the demo's name tables, of which
   `--batch-persons` belong to a second organisation for the batch comparison. Persons and
   their name tokens (apps.clients.names.person_tokens, the code path of person_create) are
   written with COPY. `--reuse` keeps a loaded database and its labels file.
2. On create: `--probes` entries are checked against the large organisation: three quarters
   are planted duplicates of seven kinds (transliteration, swapped name order, one-letter
   typo, year-only date, day and month swapped, missing date, Arabic script), a quarter are
   same-name non-duplicates born on another date. A candidate counts as reported when its
   score reaches similarity.LIKELY. Side by side: the previous implementation (the first 500
   persons sharing a skeleton, alphabetically) on a sample.
3. Batch: `batch_pairs` on the second organisation against splink 5 (DuckDB) on the same
   persons, with its pairs planted there.
"""

import argparse
import contextlib
import datetime
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

import dups_data  # noqa: E402
from case_search import TemporaryCluster, _database_url, _manage  # noqa: E402


def _recreate(server_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(server_url.replace("postgres://", "postgresql://", 1), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def _copy(table: str, columns: list[str], rows) -> None:
    from django.db import connection

    with connection.cursor() as cursor, cursor.cursor.copy(
            f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def load(options) -> dict:
    """Organisations, a counsellor, persons and tokens; returns the labels."""
    from django.db import connection
    from django.utils import timezone

    from apps.accounts.models import Membership, Organisation, Role, User
    from apps.clients import names
    from apps.clients.models import Person, PersonNameToken

    role, _ = Role.objects.get_or_create(code="bench-dups", defaults={
        "name": "bench", "permissions": ["case.read", "case.write"]})
    big = Organisation.objects.create(name="Bench: large organisation", code="bench-big", kind="counselling_provider")
    small = Organisation.objects.create(name="Bench: batch organisation", code="bench-batch",
                                        kind="counselling_provider")
    user = User.objects.create(email="bench-dups@example.org", full_name="Bench")
    for org in (big, small):
        Membership.objects.create(user=user, organisation=org, role=role)
    population, rng = dups_data.Population(options.seed), random.Random(options.seed + 1)
    started = time.monotonic()
    big_rows = [population.person() for _ in range(options.persons - options.batch_persons)]
    small_rows = [population.person() for _ in range(options.batch_persons - options.pairs)]
    create, taken = [], set()
    n_duplicates = options.probes * 3 // 4
    for i in range(options.probes):
        while True:
            index = rng.randrange(len(big_rows))
            kind = dups_data.KINDS[i % len(dups_data.KINDS)]
            if index not in taken and (i >= n_duplicates or dups_data.suits(kind, big_rows[index])):
                break
        taken.add(index)
        if i < n_duplicates:
            big_rows[index], entered = dups_data.duplicate(rng, kind, big_rows[index])
            create.append({"kind": kind, "index": index, "entered": entered})
        else:
            create.append({"kind": "namesake", "index": None, "entered": dups_data.namesake(rng, big_rows[index])})
    planted, taken_small = [], set()
    for i in range(options.pairs):
        kind = dups_data.KINDS[i % len(dups_data.KINDS)]
        index = rng.randrange(len(small_rows))
        while index in taken_small or not dups_data.suits(kind, small_rows[index]):
            index = rng.randrange(len(small_rows))
        taken_small.add(index)
        small_rows[index], entered = dups_data.duplicate(rng, kind, small_rows[index])
        small_rows.append(entered)
        planted.append((kind, index, len(small_rows) - 1))
    print(f"generated in {time.monotonic() - started:.0f} s", flush=True)

    fields = Person._meta.concrete_fields
    defaults = {f.attname: (None if f.null else f.get_default()) for f in fields if f.attname != "id"}
    now = timezone.now()
    first = (Person.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    token_cache = {}

    def tokens(text):
        if text not in token_cache:
            token_cache[text] = names.person_tokens(text)
        return token_cache[text]

    def person_rows():
        for offset, (org, row) in enumerate([(big, r) for r in big_rows] + [(small, r) for r in small_rows]):
            values = dict(defaults, id=first + offset, organisation_id=org.pk, family_name=row["family"],
                          given_names=row["given"], name_variants=row["variants"], birth_date=row["birth"],
                          birth_date_precision=row["precision"], sex=row["sex"], nationalities=row["country"],
                          created_at=now, updated_at=now, version=1)
            yield [values[f.attname] for f in fields]

    def token_rows():
        for offset, row in enumerate(big_rows + small_rows):
            for token in tokens(row["family"]) | tokens(row["given"]) | tokens(row["variants"]):
                yield first + offset, token

    started = time.monotonic()
    _copy(Person._meta.db_table, [f.column for f in fields], person_rows())
    print(f"persons copied in {time.monotonic() - started:.0f} s", flush=True)
    started = time.monotonic()
    _copy(PersonNameToken._meta.db_table, ["person_id", "token"], token_rows())
    print(f"tokens copied in {time.monotonic() - started:.0f} s", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT setval(pg_get_serial_sequence('clients_person', 'id'), max(id)) FROM clients_person")
        # As autovacuum would: the visibility map lets the token scans be index-only scans.
        cursor.execute("VACUUM (ANALYZE) clients_person")
        cursor.execute("VACUUM (ANALYZE) clients_personnametoken")
    small_first = first + len(big_rows)

    def serial(row):
        return dict(row, birth=row["birth"].isoformat() if row["birth"] else None)

    return {
        "user": user.pk, "big": big.pk, "small": small.pk, "persons": options.persons,
        "batch_persons": options.batch_persons,
        "create": [dict(c, entered=serial(c["entered"]), truth=[first + c["index"]] if c["index"] is not None else [])
                   for c in create],
        "pairs": [[kind, small_first + a, small_first + b] for kind, a, b in planted],
    }


def _summary(values: list[float]) -> dict:
    ordered = sorted(values)
    return {"p50": statistics.median(ordered), "p95": ordered[max(0, round(0.95 * len(ordered)) - 1)],
            "max": ordered[-1], "n": len(ordered)}


def _prf(tp: int, fp: int, fn: int) -> dict:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": precision, "recall": recall, "f1": f1}


def measure_create(labels: dict, check, sample=None) -> dict:
    from apps.accounts.models import User
    from apps.clients.similarity import LIKELY

    user = User.objects.get(pk=labels["user"])
    probes = labels["create"] if sample is None else labels["create"][:sample]
    for probe in probes[:10]:  # warm-up: connection, caches, plans
        _check(check, user, labels, probe["entered"])
    times, counts, per_kind, shown = [], {"tp": 0, "fp": 0, "fn": 0}, {}, 0
    for probe in probes:
        started = time.perf_counter()
        found = _check(check, user, labels, probe["entered"])
        times.append((time.perf_counter() - started) * 1000)
        predicted = {c.person.pk for c in found if c.score >= LIKELY}
        truth = set(probe["truth"])
        shown += bool(truth & {c.person.pk for c in found})
        kind = per_kind.setdefault(probe["kind"], {"tp": 0, "fp": 0, "fn": 0})
        for bucket in (counts, kind):
            bucket["tp"] += len(predicted & truth)
            bucket["fp"] += len(predicted - truth)
            bucket["fn"] += len(truth - predicted)
    with_truth = sum(1 for p in probes if p["truth"])
    return {"latency_ms": _summary(times), **_prf(**counts), "shown": shown / max(1, with_truth),
            "per_kind": {k: _prf(**v) for k, v in per_kind.items()}}


def _check(check, user, labels, entered: dict):
    birth = datetime.date.fromisoformat(entered["birth"]) if entered["birth"] else None
    return check(user, organisation_id=labels["big"], family_name=entered["family"],
                 given_names=entered["given"], birth_date=birth)


def measure_batch(labels: dict) -> dict:
    from apps.clients.matching import batch_pairs
    from apps.clients.similarity import LIKELY

    started = time.monotonic()
    found = {(p.a_id, p.b_id) for p in batch_pairs(labels["small"], threshold=LIKELY)}
    seconds = time.monotonic() - started
    return {"seconds": seconds, **_evaluate(found, labels)}


def _evaluate(found: set, labels: dict) -> dict:
    truth = {(min(a, b), max(a, b)): kind for kind, a, b in labels["pairs"]}
    result = _prf(len(found & truth.keys()), len(found - truth.keys()), len(truth.keys() - found))
    result["per_kind_recall"] = {kind: sum(1 for p, k in truth.items() if k == kind and p in found)
                                 / max(1, sum(1 for k in truth.values() if k == kind)) for kind in dups_data.KINDS}
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""),
                        help="PostgreSQL server (any database on it); default: a temporary cluster")
    parser.add_argument("--database", default="returnnet_dups_1m")
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--batch-persons", type=int, default=100_000)
    parser.add_argument("--pairs", type=int, default=1_000, help="planted duplicate pairs in the batch organisation")
    parser.add_argument("--probes", type=int, default=400)
    parser.add_argument("--legacy-probes", type=int, default=60, help="probes for the previous implementation")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--reuse", action="store_true", help="keep a loaded database and its labels")
    parser.add_argument("--skip-splink", action="store_true")
    parser.add_argument("--parts", default="create,legacy,batch,splink",
                        help="which measurements to run (comma-separated): create, legacy, batch, splink")
    parser.add_argument("--data-dir", default="/tmp/bench-data")
    parser.add_argument("--output", default="", help="write the JSON results here as well")
    options = parser.parse_args()
    labels_path = Path(options.data_dir) / f"{options.database}-labels.json"
    with contextlib.ExitStack() as stack:
        server = options.database_url
        if not server:
            server = stack.enter_context(TemporaryCluster(Path(tempfile.mkdtemp(prefix="dups-")))).url
        fresh = not (options.reuse and labels_path.exists())
        if fresh:
            _recreate(server, options.database)
        url = _database_url(server, options.database)
        env = {**os.environ, "DATABASE_URL": url, "REQUIRE_2FA": "false", "DEBUG": "false",
               "DJANGO_SETTINGS_MODULE": "returnnet.settings", "PYTHONPATH": str(ROOT)}
        _manage(env, "migrate", "--no-input", "-v0")
        os.environ.update(env)
        import django

        django.setup()
        if fresh:
            labels = load(options)
            labels_path.parent.mkdir(parents=True, exist_ok=True)
            labels_path.write_text(json.dumps(labels))
        labels = json.loads(labels_path.read_text())
        results = run(labels, options)
    print(json.dumps(results, indent=1))
    if options.output:
        Path(options.output).write_text(json.dumps(results, indent=1))


def run(labels: dict, options) -> dict:
    from legacy_duplicates import legacy_possible_duplicates

    from apps.clients.matching import possible_duplicates

    parts = set(options.parts.split(","))
    results = {"persons": labels["persons"], "batch_persons": labels["batch_persons"]}
    if "create" in parts:
        results["create"] = measure_create(labels, possible_duplicates)
        print("create:", json.dumps({k: v for k, v in results["create"].items() if k != "per_kind"}), flush=True)
    if "legacy" in parts:
        results["create_legacy"] = measure_create(labels, legacy_possible_duplicates, sample=options.legacy_probes)
        print("legacy:", json.dumps({k: v for k, v in results["create_legacy"].items() if k != "per_kind"}),
              flush=True)
    if "batch" in parts:
        results["batch"] = measure_batch(labels)
        print("batch:", json.dumps(results["batch"]), flush=True)
    if "splink" in parts and not options.skip_splink:
        from dups_splink import run_splink

        results["splink"] = {name: dict(value, **_evaluate(value.pop("pairs"), labels))
                             for name, value in run_splink(labels).items()}
        print("splink:", json.dumps(results["splink"]), flush=True)
    return results


if __name__ == "__main__":
    main()
