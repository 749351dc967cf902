"""Reads inside one case, before and after issue 14: through every visible case vs that case only.

    DATABASE_URL=postgres://postgres@127.0.0.1:55432/returnnet_indicators_1000000 \\
        .venv/bin/python bench/case_tabs.py --repeat 7

On an existing seeded database (`seed_demo --cases N --return-data`; nothing is written but
the audit entries of the page renders, which roll back), as the IOM team lead and the Trier
counsellor: for a few IOM cases with documents, each read is timed `--repeat` times after one
warm-up, side by side in the same process and order:

- "before": the read as it was, `<entity>_visible_to(user).filter(case=case)` (the database
  builds every case, or for documents every case and person, the user sees);
- "after": the read of the case's own rows (`documents_of`, `referrals_of_case`, …);
- the home page's tasks and sessions of the user, before (`case__in=cases_visible_to(user)`)
  and after (a correlated EXISTS per row);
- and the documents tab and the timeline rendered through the real views (after only);
- on PostgreSQL, every case tab's SELECTs under EXPLAIN (ANALYZE, BUFFERS): the shared buffers
  a tab's SQL touches, a measure of work that the load of the machine does not change.

Prints a markdown table (median and max in ms). Not a test; bench/pages.py measures the pages
under load.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _setup(database_url: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "returnnet.settings")
    import django

    django.setup()


def _timed(read, repeat: int) -> list[float]:
    read()  # warm-up: caches, plans
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        read()
        times.append((time.perf_counter() - started) * 1000)
    return times


def _reads(user, case):
    """(name, before, after) of every read the brief names, for one user and case."""
    from django.db.models import Q
    from django.utils import timezone

    from apps.applications.selectors import applications_of_case, applications_visible_to
    from apps.cases.models import CounsellingSession, Task
    from apps.cases.selectors import (
        cases_visible_to,
        documents_of,
        documents_visible_to,
        my_due_tasks,
        my_sessions_today,
        on_visible_case,
    )
    from apps.disclosures.selectors import disclosures_of_case, disclosures_visible_to
    from apps.referrals.selectors import referrals_of_case, referrals_visible_to

    horizon = timezone.localdate() + timedelta(days=7)
    start = timezone.make_aware(datetime.combine(timezone.localdate(), datetime.min.time()))

    old_due_tasks = (Task.objects.filter(case__in=cases_visible_to(user), assignee=user, done_at__isnull=True)
                     .filter(Q(due_date__lte=horizon) | Q(due_date__isnull=True))
                     .select_related("case").order_by("due_date", "id")[:20])
    old_sessions_today = CounsellingSession.objects.filter(
        case__in=cases_visible_to(user), counsellor=user, started_at__gte=start,
        started_at__lt=start + timedelta(days=1)).select_related("case").order_by("started_at")
    # (name, before, after): querysets, evaluated afresh (.all()) on every run; or for a selector
    # that returns a list, (the selector, the queryset of its first read, for EXPLAIN).
    return [
        ("documents of the case", documents_visible_to(user).filter(case=case)
         .select_related("person", "uploaded_by").order_by("-uploaded_at", "-id"), documents_of(user, case)),
        ("referrals of the case", referrals_visible_to(user).filter(case=case), referrals_of_case(user, case)),
        ("disclosures of the case", disclosures_visible_to(user).filter(case=case), disclosures_of_case(case)),
        ("applications of the case", applications_visible_to(user).filter(case=case), applications_of_case(case)),
        ("home: my due tasks", old_due_tasks, (lambda: my_due_tasks(user), (
            Task.objects.filter(on_visible_case(user), assignee=user, done_at__isnull=True, due_date__lte=horizon)
            .select_related("case").order_by("due_date", "id")[:20]))),
        ("home: my sessions today", old_sessions_today, my_sessions_today(user)),
    ]


def _buffers(queryset) -> int:
    """Shared buffers the plan touched (EXPLAIN ANALYZE BUFFERS, PostgreSQL): the work done,
    independent of what else runs on the machine."""
    import re

    plan = queryset.explain(analyze=True, buffers=True)
    top = re.search(r"Buffers: shared hit=(\d+)(?: read=(\d+))?", plan)
    return int(top.group(1)) + int(top.group(2) or 0) if top else 0


def _page(client, url_name: str, case):
    from django.urls import reverse

    url = reverse(url_name, args=[case.pk])

    def get():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    return get


def _tab_plans(client, case) -> list[str]:
    """Every case tab (registered ones included) rendered once more after a warm-up, each of
    its SELECTs run again under EXPLAIN (ANALYZE, BUFFERS): the buffers the tab's SQL touched
    in total, the most expensive query, and the number of queries."""
    import re

    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from apps.cases.pages import case_tabs

    lines = []
    for tab in case_tabs():
        url = reverse(tab.url_name, args=[case.pk])
        with transaction.atomic():
            client.get(url)
            with CaptureQueriesContext(connection) as ctx:
                status = client.get(url).status_code
            costs = []
            for query in ctx.captured_queries:
                if not query["sql"].startswith("SELECT"):
                    continue
                with connection.cursor() as cursor:
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
                    plan = "\n".join(row[0] for row in cursor.fetchall())
                found = re.search(r"Buffers: shared hit=(\d+)(?: read=(\d+))?", plan)
                buffers = int(found.group(1)) + int(found.group(2) or 0) if found else 0
                costs.append((buffers, float(re.search(r"Execution Time: ([\d.]+)", plan).group(1))))
            transaction.set_rollback(True)
        most = max(costs)
        lines.append(f"| {tab.code} | {status} | {len(ctx)} | {sum(b for b, _ in costs):,} | {most[0]:,} "
                     f"({most[1]:.1f} ms) |")
    return lines


def _fmt(times: list[float]) -> str:
    return f"{statistics.median(times):,.1f} / {max(times):,.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""),
                        help="a seeded database (default: $DATABASE_URL)")
    parser.add_argument("--repeat", type=int, default=7, help="timed runs per read (default 7)")
    parser.add_argument("--cases", type=int, default=3, help="IOM cases with documents to read (default 3)")
    parser.add_argument("--users", nargs="+", default=["teamleitung@iom.demo", "beratung.trier@iom.demo"])
    args = parser.parse_args()
    if not args.database_url:
        parser.error("give --database-url (or DATABASE_URL) of a database seeded with seed_demo --return-data")
    _setup(args.database_url)

    from django.conf import settings
    from django.db import DatabaseError, connection, transaction
    from django.test import Client
    from django.test.utils import override_settings

    from apps.accounts.models import User
    from apps.cases.models import Case, Document

    case_ids = list(Document.objects.filter(case__organisation__code="IOM", deleted_at__isnull=True)
                    .order_by("-case_id").values_list("case_id", flat=True).distinct()[:args.cases])
    cases = list(Case.objects.filter(pk__in=case_ids).order_by("-pk"))
    iom_cases = Case.objects.filter(organisation__code="IOM").count()
    print(f"{connection.vendor}, {connection.settings_dict['NAME']}: {Case.objects.count():,} cases "
          f"({iom_cases:,} of IOM); cases read: {', '.join(c.reference for c in cases)}; "
          f"repeat {args.repeat}; times in ms (median / max)\n")
    pg = connection.vendor == "postgresql"
    print("| user | read | before | after | ratio | buffers before → after |\n|---|---|---:|---:|---:|---:|")
    with override_settings(REQUIRE_2FA=False, ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]):
        for email in args.users:
            user = User.objects.get(email=email)
            client = Client()
            client.force_login(user)
            rows: dict[str, tuple[list, list, list]] = {}
            for case in cases:
                for name, before, after in _reads(user, case):
                    b, a, buffers = rows.setdefault(name, ([], [], []))
                    b += _timed(lambda qs=before: list(qs.all()), args.repeat)
                    after, explained = after if isinstance(after, tuple) else (lambda qs=after: list(qs.all()), after)
                    a += _timed(after, args.repeat)
                    if pg:
                        buffers.append(f"{_buffers(before):,} → {_buffers(explained):,}")
            for name, (before, after, buffers) in rows.items():
                ratio = statistics.median(before) / max(statistics.median(after), 0.001)
                print(f"| {email} | {name} | {_fmt(before)} | {_fmt(after)} | {ratio:,.1f}× | "
                      f"{'; '.join(buffers)} |")
            for label, url_name in (("documents tab (view)", "cases:documents"),
                                    ("timeline (view)", "cases:timeline"), ("overview (view)", "cases:detail")):
                times = []
                try:
                    for case in cases:
                        with transaction.atomic():  # the audit entries of the renders are not kept
                            times += _timed(_page(client, url_name, case), args.repeat)
                            transaction.set_rollback(True)
                except DatabaseError as error:  # e.g. a database not migrated to the code's head
                    print(f"| {email} | {label} | | failed: {str(error).splitlines()[0]} | | |")
                else:
                    print(f"| {email} | {label} | | {_fmt(times)} | | |")
            if pg:
                print(f"\nEvery tab of {cases[0].reference} as {email}: SQL work per page (PostgreSQL buffers)\n")
                print("| tab | status | queries | buffers, all SELECTs | most expensive query |")
                print("|---|---|---:|---:|---:|")
                try:
                    print("\n".join(_tab_plans(client, cases[0])))
                except DatabaseError as error:
                    print(f"| failed: {str(error).splitlines()[0]} | | | | |")
                print()


if __name__ == "__main__":
    main()
