"""Benchmark of the Excel export: time and peak memory for 10,000 / 50,000 / 100,000 rows.

    .venv/bin/python bench/export_excel.py --data-dir /tmp/bench-data

The rows are cases of a seeded database (by default `returnnet_indicators_1000000` in the
cluster bench/indicators.py keeps under --data-dir/pg; or DATABASE_URL): reference,
organisation, office, status, first contact, intended return country, outcome, opened,
closed, restricted, read with `.iterator(chunk_size=2000)` (a server-side cursor on
PostgreSQL). Every size and way runs in a process of its own, which reports its wall time
and CPU time (of the exporting process; the database server's is not included) and its
peak resident memory (VmHWM from /proc/self/status) next to the memory it had
before the export started (Django and the connection loaded), so the growth is what the
export itself needed:

- `write_xlsx`: apps.core.exports.write_xlsx (openpyxl write-only mode) into a file;
- `job`: the background path, apps.jobs.exports.export_request + export_run (the job's own
  work: permission re-check, the same writer, AES chunks into the export storage, progress
  every 1,000 rows, audit), for a bench-only export kind registered in that process;
- `openpyxl normal` (baseline): the same cells through openpyxl's ordinary Workbook
  (`ws.append` per row, then save), which keeps every cell in memory.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from case_search import TemporaryCluster  # noqa: E402

WAYS = ("write_xlsx", "job", "openpyxl normal")
LEAD = "teamleitung@iom.demo"


def _memory_kb() -> dict[str, int]:
    values = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _sep, rest = line.partition(":")
        if key in ("VmHWM", "VmRSS"):
            values[key] = int(rest.split()[0])
    return values


# --- worker: one size, one way, in its own process -----------------------------------------------

def worker(options) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "returnnet.settings")
    import django

    django.setup()
    from django.utils.translation import activate

    from apps.cases.models import Case
    from apps.core.exports import Column, Table, cell, write_xlsx

    activate("de")
    rows = options.rows
    statuses, outcomes = dict(Case._meta.get_field("status").choices), dict(Case._meta.get_field("outcome").choices)
    sources = dict(Case._meta.get_field("first_contact_source").choices)

    def table() -> Table:
        qs = (Case.objects.order_by("id").values_list(
            "reference", "organisation__name", "office__name", "status", "first_contact_source",
            "intended_return_country", "outcome", "opened_at", "closed_at", "restricted")[:rows])
        columns = [
            Column("Aktenzeichen", lambda r: r[0]), Column("Organisation", lambda r: r[1]),
            Column("Büro", lambda r: r[2]), Column("Status", lambda r: str(statuses.get(r[3], r[3]))),
            Column("Erstkontakt", lambda r: str(sources.get(r[4], r[4]))),
            Column("Rückkehrland", lambda r: r[5]), Column("Ergebnis", lambda r: str(outcomes.get(r[6], r[6]))),
            Column("Eröffnet", lambda r: r[7]), Column("Geschlossen", lambda r: r[8]),
            Column("Eingeschränkt", lambda r: r[9]),
        ]
        return Table("Fälle", f"faelle-{rows}", columns, qs.iterator(chunk_size=2000), total=rows,
                     preamble=["Benchmark-Export (fiktive Demo-Daten)"])

    Case.objects.first()  # the connection open, before the baseline is read
    before = _memory_kb()
    started, cpu = time.perf_counter(), time.process_time()
    size = 0
    if options.way == "write_xlsx":
        with tempfile.NamedTemporaryFile(suffix=".xlsx") as target:
            write_xlsx(table(), target)
            target.flush()
            size = os.path.getsize(target.name)
    elif options.way == "openpyxl normal":
        from openpyxl import Workbook

        t = table()
        workbook = Workbook()
        sheet = workbook.active
        for line in t.preamble:
            sheet.append([line])
        sheet.append([c.header for c in t.columns])
        for row in t.rows:
            sheet.append([cell(c.value(row)) for c in t.columns])
        with tempfile.NamedTemporaryFile(suffix=".xlsx") as target:
            workbook.save(target)
            target.flush()
            size = os.path.getsize(target.name)
    else:
        size = _job(table)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    after = _memory_kb()
    Path(options.worker).write_text(json.dumps({
        "rows": rows, "way": options.way, "seconds": seconds, "cpu": cpu, "size": size,
        "rss_before_kb": before["VmRSS"],
        "hwm_kb": after["VmHWM"], "load": os.getloadavg(),
    }))


def _job(table) -> int:
    from apps.accounts.models import User
    from apps.core.exports import ExportKind, register_export
    from apps.jobs import exports
    from apps.jobs.models import ExportFile

    register_export(ExportKind(code="bench_cases", title="Benchmark", permission="report.view",
                               build=lambda user, params: table()))
    lead = User.objects.get(email=LEAD)
    export = exports.export_request(actor=lead, kind_code="bench_cases", fmt="xlsx", params={})
    assert exports.export_run(export_id=export.pk) == "done", ExportFile.objects.get(pk=export.pk).error
    export.refresh_from_db()
    assert export.rows_done == table().total, (export.rows_done, table().total)
    from apps.core.chunked import export_storage

    export_storage().delete(export.stored_name)
    return export.size


# --- orchestration ---------------------------------------------------------------------------

def run(database_url: str, options) -> list[dict]:
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "false", "REQUIRE_2FA": "false",
           "DJANGO_SETTINGS_MODULE": "returnnet.settings", "PYTHONPATH": str(ROOT)}
    results = []
    for way in options.ways:
        for rows in options.rows:
            with tempfile.NamedTemporaryFile(suffix=".json") as out:
                subprocess.run([sys.executable, __file__, "--worker", out.name, "--way", way, "--rows", str(rows)],
                               env=env, cwd=ROOT, check=True)
                result = json.loads(Path(out.name).read_text())
            print(f"  {way:>16} {rows:>8,} rows: {result['seconds']:6.1f} s (CPU {result['cpu']:.1f} s), peak RSS "
                  f"{result['hwm_kb'] / 1024:,.0f} MB (before {result['rss_before_kb'] / 1024:,.0f} MB)", flush=True)
            results.append(result)
    return results


def report(results: list[dict]) -> str:
    loads = [r["load"][0] for r in results]
    lines = [f"Machine: {os.cpu_count()} CPU cores, Python {sys.version.split()[0]}; load average during the runs "
             f"{min(loads):.1f}–{max(loads):.1f} (median {statistics.median(loads):.1f})", "",
             "| way | rows | seconds | CPU seconds | peak RSS | RSS before the export | growth | file |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        lines.append(f"| {r['way']} | {r['rows']:,} | {r['seconds']:,.1f} | {r['cpu']:,.1f} | "
                     f"{r['hwm_kb'] / 1024:,.0f} MB | "
                     f"{r['rss_before_kb'] / 1024:,.0f} MB | {(r['hwm_kb'] - r['rss_before_kb']) / 1024:,.0f} MB | "
                     f"{r['size'] / 1e6:,.1f} MB |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 50_000, 100_000])
    parser.add_argument("--ways", nargs="+", choices=WAYS, default=list(WAYS))
    parser.add_argument("--cases", type=int, default=1_000_000,
                        help="read from returnnet_indicators_<cases> (seeded by bench/indicators.py)")
    parser.add_argument("--database", help="read from this database instead (same server)")
    parser.add_argument("--data-dir", type=Path, default=Path("/tmp/bench-data"))
    parser.add_argument("--output", type=Path, help="also write the markdown report here")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--way", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.worker:
        options.rows = options.rows[0]
        return worker(options)
    name = options.database or f"returnnet_indicators_{options.cases}"
    server = os.environ.get("DATABASE_URL", "")
    if server.startswith(("postgres://", "postgresql://")):
        results = run(server.rsplit("/", 1)[0] + f"/{name}", options)
    else:
        with TemporaryCluster(options.data_dir / "pg") as cluster:
            results = run(cluster.url.rsplit("/", 1)[0] + f"/{name}", options)
    text = report(results)
    print("\n" + text)
    if options.output:
        options.output.parent.mkdir(parents=True, exist_ok=True)
        options.output.write_text(text + "\n")


if __name__ == "__main__":
    main()
