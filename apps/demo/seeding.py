"""Seeding fictitious cases in blocks, fast enough for a million (see docs/benchmarks.md).

Case i of a data set of N cases is generated from its own random.Random("<seed>/<i>") and
an opening time drawn in block i // 1000 (blocks follow each other in time, so reference
numbers rise with the opening date). The same seed and N therefore give the same data on
the same day, on either engine. A second run with the same N finds the cases there and adds
nothing; a larger N adds only the missing cases. Dates are relative to the day of seeding:
the history ends at midnight, and only the showcase cases have sessions and tasks today.
"""

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone

from apps.audit.services import record
from apps.cases.models import Case, CaseSequence, Topic
from apps.demo.bulk import raw_cursor, reset_sequences
from apps.demo.generator import CaseGenerator
from apps.demo.network import DemoNetwork
from apps.demo.tables import Tables
from apps.regions.models import Postcode

BLOCK = 1000
SPAN = timedelta(days=3 * 365)
SHOWCASE = 3  # the newest cases, shown on the Trier counsellor's home page


@dataclass
class SeedResult:
    existing: int
    created: int
    rows: int
    seconds: float


def case_organisations(network: DemoNetwork) -> list:
    return [network.organisations["IOM"], network.organisations["DKR"]]


def seed_cases(network: DemoNetwork, *, target: int, seed: int = 2026, sessions: str = "full",
               flush_every: int = 10_000, progress: Callable[[str], None] = lambda line: None,
               return_data: bool = False) -> SeedResult:
    """Add cases to the demo organisations until they hold `target` cases; with `return_data`
    also what the indicators read (apps/demo/bulk_return.py)."""
    started = time.monotonic()
    orgs = case_organisations(network)
    existing = Case.objects.filter(organisation__in=orgs).count()
    if existing >= target:
        return SeedResult(existing, 0, 0, 0.0)
    # History ends at the start of today, so the data depends on the date, not the hour.
    now = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    generator = CaseGenerator(
        network, now=now, sessions=sessions,
        topic_ids=dict(Topic.objects.values_list("code", "pk")), postcodes=_postcodes(),
    )
    generator.sequences = {
        (s.organisation_id, s.year): s.last_number for s in CaseSequence.objects.filter(organisation__in=orgs)
    }
    tables = Tables()
    if return_data:
        from apps.demo.bulk_return import ReturnGenerator

        generator.returns = ReturnGenerator(network, now=now)
        tables.extra = generator.returns.tables.all
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -262144")  # 256 MB while the indexes grow
    with transaction.atomic():
        tables.start(raw_cursor())
    blocks = -(-target // BLOCK)
    rows = done = 0
    for block in range(existing // BLOCK, blocks):
        low, high = block * BLOCK, min(target, (block + 1) * BLOCK)
        window = random.Random(f"{seed}/block/{block}")
        begin = now - SPAN + SPAN * block / blocks
        latest = now - timedelta(hours=8)
        moments = sorted(
            min(latest, generator.office_hours(window, begin + SPAN / blocks * window.random()))
            for _ in range(low, high)
        )
        for index, opened in zip(range(low, high), moments, strict=True):
            if index < existing:
                continue
            showcase = index - (target - SHOWCASE) if index >= target - SHOWCASE else None
            generator.case(tables, random.Random(f"{seed}/{index}"), opened, showcase=showcase)
            done += 1
            if done % flush_every == 0:
                rows += _flush(tables, generator)
                progress(_progress_line(existing + done, target, done, rows, started))
    if done % flush_every:
        rows += _flush(tables, generator)
        progress(_progress_line(existing + done, target, done, rows, started))
    reset_sequences(tables.models)
    with transaction.atomic():
        record(None, "demo.seeded", details={"cases": done, "seed": seed, "sessions": sessions,
                                             "return_data": return_data})
    _analyze()
    return SeedResult(existing, done, rows, time.monotonic() - started)


def _flush(tables: Tables, generator: CaseGenerator) -> int:
    with transaction.atomic():
        counts = tables.flush(raw_cursor())
        for (org_id, year), last in generator.sequences.items():
            CaseSequence.objects.update_or_create(
                organisation_id=org_id, year=year, defaults={"last_number": last}
            )
    return sum(counts.values())


def _postcodes() -> dict[str, list[tuple[str, str]]]:
    result: dict[str, list[tuple[str, str]]] = {}
    for code, municipality, ags in Postcode.objects.values_list("code", "municipality", "district__ags"):
        result.setdefault(ags, []).append((code, municipality))
    return result


def _progress_line(total: int, target: int, done: int, rows: int, started: float) -> str:
    seconds = time.monotonic() - started
    return (f"  {total:>10,} / {target:,} cases  ({rows:,} rows, {seconds:,.0f} s, "
            f"{done / max(seconds, 0.001):,.0f} cases/s)")


def _analyze() -> None:
    """Fresh planner statistics; after a bulk load the old ones mislead both engines."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
