"""Markdown report of bench/load/run.sh from locust's CSV files; exits 1 if the load had failures."""

import argparse
import csv
import sys
from pathlib import Path


def stats(path: Path) -> dict[str, dict]:
    with open(path) as handle:
        return {row["Name"]: row for row in csv.DictReader(handle)}


def ms(row: dict | None, column: str) -> str:
    if row is None or row.get(column) in (None, "", "N/A"):
        return "–"
    return f"{float(row[column]):,.0f}"


def main() -> int:
    parser = argparse.ArgumentParser()
    for option in ("--work", "--users", "--minutes", "--cases", "--workers", "--sessions", "--baseline-seconds",
                   "--cpu", "--cpu-app", "--cpu-db"):
        parser.add_argument(option, required=True)
    args = parser.parse_args()
    work = Path(args.work)
    load, single, health = (stats(work / f"{name}_stats.csv") for name in ("load", "single", "health"))
    lines = [
        f"{args.users} counsellors for {args.minutes} min, {args.cases} demo cases, gunicorn "
        f"{args.workers} sync workers + 1 job worker, PostgreSQL 15, REQUIRE_2FA on. Milliseconds; "
        "'alone' = one counsellor for "
        f"{args.baseline_seconds} s (same routes, no contention).",
        "",
        "| route | requests | failures | median | p95 | p99 | alone: median / p95 |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, row in load.items():
        if name == "Aggregated":
            continue
        alone = single.get(name)
        lines.append(f"| `{name}` | {int(row['Request Count']):,} | {int(row['Failure Count']):,} | "
                     f"{ms(row, '50%')} | {ms(row, '95%')} | {ms(row, '99%')} | "
                     f"{ms(alone, '50%')} / {ms(alone, '95%')} |")
    total = load["Aggregated"]
    lines.append(f"| **all** | **{int(total['Request Count']):,}** | **{int(total['Failure Count']):,}** | "
                 f"{ms(total, '50%')} | {ms(total, '95%')} | {ms(total, '99%')} | "
                 f"{ms(single['Aggregated'], '50%')} / {ms(single['Aggregated'], '95%')} |")
    row = health["GET /healthz"]
    lines += [
        "",
        f"Throughput {float(total['Requests/s']):.1f} requests/s. Baseline, {args.users} users on `GET /healthz` "
        f"for {args.baseline_seconds} s: {int(row['Request Count']):,} requests, "
        f"{int(row['Failure Count'])} failures, median "
        f"{ms(row, '50%')} / p95 {ms(row, '95%')} / p99 {ms(row, '99%')} ms. Counselling sessions recorded "
        f"under load: {args.sessions}.",
    ]
    requests = int(total["Request Count"])
    if requests:
        per_request = (int(args.cpu_app) + int(args.cpu_db)) * 1000 / requests
        lines.append(f"CPU used during the load: {args.cpu}; {int(args.cpu_app) * 1000 / requests:.0f} ms "
                     f"(gunicorn) + {int(args.cpu_db) * 1000 / requests:.0f} ms (PostgreSQL) = {per_request:.0f} ms "
                     f"per request, i.e. about {2000 / per_request:.0f} requests/s on 2 cores of its own.")
    failures = work / "load_failures.csv"
    if failures.exists():
        with open(failures) as handle:
            for failure in csv.DictReader(handle):
                lines.append(f"- failure: {failure['Method']} {failure['Name']}: {failure['Error']} "
                             f"({failure['Occurrences']}×)")
    print("\n".join(lines))
    return 1 if int(total["Failure Count"]) else 0


if __name__ == "__main__":
    sys.exit(main())
