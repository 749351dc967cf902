"""Benchmark of the indicator engine: every active indicator for one year over N seeded cases.

    .venv/bin/python bench/indicators.py --cases 1000000 --data-dir /tmp/bench-data

A PostgreSQL database `returnnet_indicators_<N>` is migrated and filled with
`seed_demo --cases N --sessions full --return-data` (sessions with channel, office, district
and place; vulnerabilities, referrals, applications and departures, reintegration plans and
monitoring scores; apps/demo/bulk_return.py) and the tables the indicators read are VACUUM
ANALYZEd, once: a second run finds the cases and adds nothing. A worker process then times
`apps.reports.engine.compute_all(Period(year), Filters())`:

- cold: the first run after the server was restarted (empty shared buffers; the operating
  system's page cache is dropped too when the script may write /proc/sys/vm/drop_caches);
- warm: `--repeat` runs, median and max;
- filtered: the same with one district and one nationality set, `--repeat` runs;
- per indicator: each indicator alone (its default breakdown, one connection), with
  EXPLAIN (ANALYZE, BUFFERS) of the `--explain` slowest;
- baseline, in the same process: the naive way a report is often first written, one
  COUNT query per indicator for the total and one more per cell of its breakdown
  (`records(...).count()` / `.values(person).distinct().count()` per key, one after the
  other on one connection), over the same records the engine counts.

PostgreSQL: with DATABASE_URL pointing at a server whose user may CREATE DATABASE, the
database is created there (cold runs then cannot restart it: they are marked "not cold");
otherwise a PostgreSQL 15 cluster is kept under --data-dir/pg (as in bench/case_search.py).
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from case_search import TemporaryCluster, _database_url, _manage  # noqa: E402

FILTER_DISTRICT = "07211"  # Trier: the largest reception facility's district
FILTER_NATIONALITY = "AF"
# What the indicators read: vacuumed after seeding, so that the visibility map is set (index-only
# scans) and the statistics are fresh; the other 30 million rows (name tokens) are left alone.
READ_TABLES = (
    "cases_case", "cases_counsellingsession", "cases_counsellingsession_participants", "clients_person",
    "clients_householdmember", "assessments_vulnerability", "referrals_referral", "applications_application",
    "applications_application_members", "reintegration_reintegrationplan", "reintegration_monitoringvisit",
)


# --- worker: runs inside Django with the benchmark database ---------------------------------

def worker(options) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "returnnet.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from apps.cases.models import Case, CounsellingSession
    from apps.regions.models import District
    from apps.reports import engine
    from apps.reports.engine import Filters, Period

    year = options.year
    period = Period(date(year, 1, 1), date(year, 12, 31))
    everything = Filters()
    district = District.objects.get(ags=FILTER_DISTRICT)
    filtered = Filters(district_ids=(district.pk,), nationalities=(FILTER_NATIONALITY,))
    result = {"cases": Case.objects.count(), "sessions": CounsellingSession.objects.count(), "year": year,
              "load_before": os.getloadavg(), "filtered": f"district {district.name}, nationality "
                                                           f"{FILTER_NATIONALITY}"}

    def timed(fn):
        started = time.perf_counter()
        value = fn()
        return (time.perf_counter() - started) * 1000, value

    cold_ms, figures = timed(lambda: engine.compute_all(period, everything))
    result["cold_ms"] = cold_ms
    result["indicators"] = len(figures)
    result["figures"] = {f.code: (str(f.total), f.breakdown, len(f.cells)) for f in figures}
    print(f"  cold compute_all: {cold_ms:,.0f} ms ({len(figures)} indicators)", flush=True)
    result["warm_ms"] = [timed(lambda: engine.compute_all(period, everything))[0] for _ in range(options.repeat)]
    print(f"  warm: median {statistics.median(result['warm_ms']):,.0f} ms", flush=True)
    result["filtered_ms"] = [timed(lambda: engine.compute_all(period, filtered))[0]
                             for _ in range(options.repeat)]
    print(f"  filtered: median {statistics.median(result['filtered_ms']):,.0f} ms", flush=True)

    # Each indicator alone, on this connection: where the time goes.
    jobs = [(f.code, f.breakdown) for f in figures]
    per = []
    for code, breakdown in jobs:
        with CaptureQueriesContext(connection) as captured:
            ms, _figure = timed(lambda c=code, b=breakdown: engine.compute(c, period, everything, breakdown=b))
        per.append({"code": code, "breakdown": breakdown, "ms": ms, "queries": len(captured.captured_queries),
                    "sql": [q["sql"] for q in captured.captured_queries]})
    result["sequential_ms"] = sum(p["ms"] for p in per)
    result["per_indicator"] = [{k: v for k, v in p.items() if k != "sql"} for p in per]
    print(f"  one after the other: {result['sequential_ms']:,.0f} ms", flush=True)

    # Baseline: one COUNT per indicator and per breakdown cell.
    result["baseline_ms"], result["baseline_queries"], result["baseline_skipped"] = [0.0], 0, []
    for run in range(options.baseline_repeat):
        if run == 0:
            result["baseline_ms"] = []
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            skipped = [code for code, breakdown in jobs if not _naive(engine, code, breakdown, period, everything,
                                                                    figures)]
        result["baseline_ms"].append((time.perf_counter() - started) * 1000)
        result["baseline_queries"] = len(captured.captured_queries)
        result["baseline_skipped"] = skipped
        print(f"  baseline run {run + 1}: {result['baseline_ms'][-1]:,.0f} ms "
              f"({result['baseline_queries']} queries)", flush=True)

    plans = []
    for p in sorted(per, key=lambda p: -p["ms"])[: options.explain]:
        for sql in p["sql"]:
            if sql.lstrip().upper().startswith("SELECT"):
                plans.append(f"-- {p['code']} (breakdown {p['breakdown']}), {p['ms']:,.0f} ms alone\n{sql}\n\n"
                             f"{_explain(connection, sql)}")
    result["plans"] = plans
    result["load_after"] = os.getloadavg()
    Path(options.worker).write_text(json.dumps(result, indent=1))


def _naive(engine, code, breakdown, period, filters, figures) -> bool:
    """The baseline for one indicator; False when the indicator has no records/breakdown to
    count naively (then it is left out of the baseline, and said so)."""
    from django.db.models import F

    from apps.reports.indicators.base import PersonCount, RecordCount

    spec = engine._spec(code)
    if not isinstance(spec, (RecordCount, PersonCount)):
        return False
    records = spec.records(period, filters)
    person = None
    if isinstance(spec, PersonCount):
        person = f"{spec.source.person}_id" if "__" not in spec.source.person else spec.source.person

    def count(qs):
        return qs.values(_p=F(person)).distinct().count() if person else qs.count()

    count(records)
    if breakdown is not None:
        keys = next(f.cells for f in figures if f.code == code)
        b = spec.breakdown(breakdown)
        for key in keys:
            count(b.key_filter(records, spec.source, key))
    return True


def _explain(connection, sql: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


# --- orchestration ---------------------------------------------------------------------------

def _drop_caches() -> bool:
    try:
        subprocess.run(["sync"], check=True)
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
        return True
    except OSError:
        return False


def _restart(cluster) -> bool:
    cluster.__exit__(None, None, None)
    dropped = _drop_caches()
    cluster.__enter__()
    print(f"  server restarted{' and page cache dropped' if dropped else ''}", flush=True)
    return dropped


def run(database_url: str, options, cluster=None) -> dict:
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "false", "REQUIRE_2FA": "false",
           "DJANGO_SETTINGS_MODULE": "returnnet.settings", "PYTHONPATH": str(ROOT)}
    print(f"\n== {options.cases:,} cases ({database_url})", flush=True)
    _manage(env, "migrate", "--no-input", "-v0")
    seed_s, output = _manage(env, "seed_demo", "--cases", str(options.cases), "--sessions", "full",
                             "--return-data", "-v1")
    fresh = "nothing to add" not in output
    if fresh:
        started = time.monotonic()
        _psql(database_url, "VACUUM (ANALYZE) " + ", ".join(READ_TABLES))
        print(f"  VACUUM ANALYZE: {time.monotonic() - started:,.0f} s", flush=True)
    cold = "no restart (external server)"
    if cluster is not None:
        dropped = _restart(cluster)  # on the same port
        cold = "after a server restart" + (" and with the page cache dropped" if dropped else
                                            " (page cache of the OS kept)")
    out = options.data_dir / f"indicators-{options.cases}.json"
    subprocess.run([sys.executable, __file__, "--worker", str(out), "--year", str(options.year), "--repeat",
                    str(options.repeat), "--baseline-repeat", str(options.baseline_repeat), "--explain",
                    str(options.explain)], env=env, cwd=ROOT, check=True)
    result = json.loads(out.read_text())
    result.update(seed_s=seed_s if fresh else None, cold=cold)
    return result


def _psql(database_url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(database_url.replace("postgres://", "postgresql://", 1), autocommit=True) as conn:
        conn.execute(statement)


def report(r: dict) -> str:
    def ms(values):
        return f"{statistics.median(values):,.0f} / {max(values):,.0f} ms"

    warm_median = statistics.median(r["warm_ms"])
    lines = [
        f"Machine: {os.cpu_count()} CPU cores, Python {sys.version.split()[0]}; load average before "
        f"{r['load_before'][0]:.1f}, after {r['load_after'][0]:.1f}",
        f"Data: {r['cases']:,} cases, {r['sessions']:,} sessions; year {r['year']}; "
        f"{r['indicators']} active indicators; seeding "
        + ("reused" if r["seed_s"] is None else f"{r['seed_s']:,.0f} s"), "",
        "| run | median / max |", "|---|---:|",
        f"| compute_all, cold ({r['cold']}) | {r['cold_ms']:,.0f} ms |",
        f"| compute_all, warm ({len(r['warm_ms'])} runs) | {ms(r['warm_ms'])} |",
        f"| compute_all, filtered: {r['filtered']} ({len(r['filtered_ms'])} runs) | {ms(r['filtered_ms'])} |",
        f"| each indicator alone, one after the other | {r['sequential_ms']:,.0f} ms |",
        f"| baseline: one COUNT per indicator and cell ({r['baseline_queries']} queries, "
        f"{len(r['baseline_ms'])} runs) | {ms(r['baseline_ms'])} |",
        "", f"Target < 1,000 ms warm: {'met' if warm_median < 1000 else 'NOT met'} "
            f"({warm_median:,.0f} ms; baseline {statistics.median(r['baseline_ms']) / warm_median:,.1f}× slower)",
    ]
    if r["baseline_skipped"]:
        lines.append(f"Not in the baseline (no plain record/person count): {', '.join(r['baseline_skipped'])}")
    lines += ["", "| indicator | breakdown | queries | ms alone |", "|---|---|---:|---:|"]
    for p in sorted(r["per_indicator"], key=lambda p: -p["ms"]):
        lines.append(f"| {p['code']} | {p['breakdown'] or '–'} | {p['queries']} | {p['ms']:,.0f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--year", type=int, default=date.today().year - 1,
                        help="the calendar year counted (default: last year, complete in the seeded data)")
    parser.add_argument("--repeat", type=int, default=5, help="warm and filtered runs (default 5)")
    parser.add_argument("--baseline-repeat", type=int, default=3, help="baseline runs (default 3)")
    parser.add_argument("--explain", type=int, default=3, help="EXPLAIN the N slowest indicators (default 3)")
    parser.add_argument("--data-dir", type=Path, default=Path("/tmp/bench-data"),
                        help="keeps the cluster and the database between runs (default /tmp/bench-data)")
    parser.add_argument("--output", type=Path, help="also write the markdown report here")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.worker:
        return worker(options)
    options.data_dir.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        options.data_dir.chmod(0o755)  # the cluster below it runs as user postgres
    name = f"returnnet_indicators_{options.cases}"
    server = os.environ.get("DATABASE_URL", "")
    if server.startswith(("postgres://", "postgresql://")):
        result = run(_database_url(server, name), options)
    else:
        with TemporaryCluster(options.data_dir / "pg") as cluster:
            result = run(_database_url(cluster.url, name), options, cluster)
    text = report(result)
    print("\n" + text)
    plans = options.data_dir / f"plans-indicators-{options.cases}.txt"
    plans.write_text("\n\n".join(result["plans"]))
    print(f"\nPlans of the slowest indicators: {plans}")
    if options.output:
        options.output.parent.mkdir(parents=True, exist_ok=True)
        options.output.write_text(text + "\n")


if __name__ == "__main__":
    main()
