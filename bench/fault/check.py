"""Verdict of the fault benchmark (bench/fault/run.sh): writes, invariants, jobs, error windows.

Reads WORK/acks (acknowledged writes), WORK/events (every request: time, ok|fail, name),
WORK/timeline (`<event> <unix time>` lines written by run.sh) and WORK/jobs.json, and checks
on the database:
- every acknowledged counselling session is present;
- nothing half-written: every session created during the run has its `session.created` audit
  entry and its participant; the audit chain verifies (manage.py verify_audit_chain);
- failures only inside the outage windows (from a fault until the service answered again,
  plus GRACE seconds): after the database restart the app recovers without its own restart.
Prints a Markdown summary; exits 1 on any violation.
"""

import argparse
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "returnnet.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

# Requests that were in flight or queued in the client when the service came back.
GRACE = 5.0


def read_timeline(path: Path) -> dict[str, float]:
    return {name: float(at) for name, at in (line.split() for line in path.read_text().splitlines() if line)}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--first-session-id", type=int, required=True, help="first id not seeded")
    args = parser.parse_args()
    work = args.work
    problems = []
    lines = []

    acked = [int(line.split()[1]) for line in (work / "acks").read_text().splitlines() if line.startswith("session ")]
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM cases_counsellingsession WHERE id = ANY(%s)", [acked])
        present = {row[0] for row in cursor.fetchall()}
        cursor.execute("SELECT count(*) FROM cases_counsellingsession WHERE id >= %s", [args.first_session_id])
        created = cursor.fetchone()[0]
        cursor.execute("""SELECT count(*) FROM cases_counsellingsession s WHERE s.id >= %s AND NOT EXISTS
                          (SELECT 1 FROM audit_auditentry a WHERE a.action = 'session.created'
                           AND a.object_id = s.id::text)""", [args.first_session_id])
        without_audit = cursor.fetchone()[0]
        cursor.execute("""SELECT count(*) FROM cases_counsellingsession s WHERE s.id >= %s AND NOT EXISTS
                          (SELECT 1 FROM cases_counsellingsession_participants p
                           WHERE p.counsellingsession_id = s.id)""",
                       [args.first_session_id])
        without_participant = cursor.fetchone()[0]
    missing = sorted(set(acked) - present)
    lines.append(f"- Sessions: {len(acked)} acknowledged, {len(present)} of them present, {created} created in all "
                 f"({created - len(present)} committed without the client seeing the answer); "
                 f"{without_audit} without their audit entry, {without_participant} without their participant.")
    if missing:
        problems.append(f"{len(missing)} acknowledged sessions missing: {missing[:10]}")
    if without_audit or without_participant:
        problems.append("half-written sessions")

    chain = subprocess.run([sys.executable, "manage.py", "verify_audit_chain"], capture_output=True, text=True,
                           cwd=Path(__file__).resolve().parents[2])
    verdict = (chain.stdout.strip().splitlines() or [""])[-1]
    lines.append(f"- Audit chain: `verify_audit_chain` exit {chain.returncode} ({verdict[:150]}).")
    if chain.returncode != 0:
        problems.append("audit chain does not verify: " + (chain.stdout + chain.stderr)[-500:])

    jobs = json.loads((work / "jobs.json").read_text())
    lines.append(f"- Jobs: {jobs['jobs']} marker jobs, {jobs['markers']} markers, by status {jobs['by_status']}; "
                 f"keys without marker: {len(jobs['keys_without_marker'])}; run more than once: "
                 f"{jobs['keys_run_more_than_once'][:5]}; attempts that left no marker before a re-run: "
                 f"{jobs.get('stuck_before_requeue', [])}; re-enqueued by the operator step: "
                 f"{jobs.get('requeued', 0)}.")
    exits = work / "worker-exits"
    exit_lines = exits.read_text().splitlines() if exits.exists() else []
    lines.append(f"- Job worker: {len(exit_lines)} exits, each followed by a restart 5 s later by the supervisor "
                 f"(systemd's Restart=always): {[line.split(' ', 1)[1] for line in exit_lines]}.")
    if jobs["keys_without_marker"]:
        problems.append(f"jobs that never wrote their marker: {jobs['keys_without_marker'][:10]}")

    timeline = read_timeline(work / "timeline")
    windows = [("app servers killed", timeline["gunicorn_killed"], timeline["gunicorn_up"] + GRACE),
               ("database restart", timeline["pg_restart"], timeline["pg_up"] + GRACE)]
    counts = Counter()
    failed_names = Counter()
    failure_times = {label: [] for label, _, _ in windows}
    for line in (work / "events").read_text().splitlines():
        at, outcome, _, name = line.split(" ", 3)
        at = float(at)
        window = next((label for label, start, end in windows if start <= at <= end), None)
        if window is None:
            window = "before the faults" if at < timeline["gunicorn_killed"] else "outside the outages"
        counts[(window, outcome)] += 1
        if outcome == "fail" and window in failure_times:
            failure_times[window].append(at)
        if outcome == "fail" and window == "outside the outages":
            failed_names[name] += 1
    lines.append("")
    lines.append("| window | seconds | requests | failures | failures between |")
    lines.append("|---|---:|---:|---:|---|")
    for label, start, end in windows:
        times = failure_times[label]
        span = f"+{min(times) - start:.1f} and +{max(times) - start:.1f} s" if times else "–"
        lines.append(f"| {label} (until answered again + {GRACE:.0f} s) | {end - start:.1f} | "
                     f"{counts[(label, 'ok')] + counts[(label, 'fail')]} | {counts[(label, 'fail')]} | {span} |")
    for label in ("before the faults", "outside the outages"):
        lines.append(f"| {label} | | {counts[(label, 'ok')] + counts[(label, 'fail')]} | "
                     f"{counts[(label, 'fail')]} | |")
    after_db = sum(1 for line in (work / "events").read_text().splitlines()
                   if float(line.split(" ", 1)[0]) > timeline["pg_up"] + GRACE)
    lines.append("")
    lines.append(f"Requests after the database window (app servers not restarted): {after_db}.")
    if counts[("outside the outages", "fail")] or counts[("before the faults", "fail")]:
        problems.append(f"failures outside the outage windows: {dict(failed_names)}")
    lines.append("")
    lines.append(f"Outages: app servers down {timeline['gunicorn_up'] - timeline['gunicorn_killed']:.1f} s "
                 f"(kill -9 to the first answer of the restarted gunicorn), database "
                 f"{timeline['pg_up'] - timeline['pg_restart']:.1f} s (pg_ctl restart -m fast until it accepted "
                 "connections); the app servers were not restarted after the database restart.")
    print("\n".join(lines))
    if problems:
        print("\nVIOLATIONS:\n- " + "\n- ".join(problems))
        return 1
    print("\nAll checks passed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
