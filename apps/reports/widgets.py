"""The counsellor's home widgets: my caseload by status, deadlines of the next 7 days, follow-ups
due. Each returns its context, or None when it does not apply to the user (no case.write).

Only the user's own cases (assigned to them, within cases_visible_to). Rows name a case by its
reference, which is a read of personal data: audited with the ids shown, one entry per
organisation, like the home page's own list.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.selectors import user_has_perm
from apps.audit.services import record
from apps.cases.models import CaseStatus
from apps.cases.selectors import cases_visible_to

DAYS_AHEAD = 7
LIMIT = 15


@dataclass
class Due:
    on: date
    what: str
    case_id: int
    reference: str
    organisation_id: int
    overdue: bool


def _my_cases(user):
    return cases_visible_to(user).filter(assigned_counsellors=user)


def _audited(user, rows: list[Due], widget: str) -> list[Due]:
    by_organisation: dict[int, set[int]] = {}
    for row in rows:
        by_organisation.setdefault(row.organisation_id, set()).add(row.case_id)
    for organisation_id, ids in by_organisation.items():
        record(user, "case.list_viewed", organisation_id=organisation_id,
               details={"ids": sorted(ids), "page": "home", "section": widget})
    return rows


def caseload(user) -> dict | None:
    """How many of my open cases are in each status (counts: nothing to audit)."""
    if not user_has_perm(user, "case.write"):
        return None
    counts = dict(_my_cases(user).exclude(status=CaseStatus.CLOSED).values_list("status")
                  .annotate(n=Count("pk")).order_by())
    rows = [(label, counts[status]) for status, label in CaseStatus.choices if counts.get(status)]
    return {"rows": rows, "total": sum(n for _label, n in rows)}


def deadlines(user) -> dict | None:
    """My tasks, expected programme decisions and expiring travel documents up to 7 days ahead
    (overdue open tasks included)."""
    if not user_has_perm(user, "case.write"):
        return None
    from apps.applications.models import TravelDocument
    from apps.applications.selectors import OPEN_STATUSES, applications_visible_to
    from apps.cases.models import Task

    today = timezone.localdate()
    horizon = today + timedelta(days=DAYS_AHEAD)
    mine = _my_cases(user)
    rows = [Due(t.due_date, _("Task: %(title)s") % {"title": t.title}, t.case_id, t.case.reference,
                t.case.organisation_id, t.due_date < today)
            for t in Task.objects.filter(case__in=mine, assignee=user, done_at__isnull=True, due_date__lte=horizon)
            .select_related("case").order_by("due_date", "pk")[:LIMIT]]
    applications = applications_visible_to(user).filter(case__in=mine, status__in=OPEN_STATUSES,
                                                        expected_decision_by__gte=today,
                                                        expected_decision_by__lte=horizon)
    rows += [Due(a.expected_decision_by, _("Programme decision expected"), a.case_id, a.case.reference,
                 a.case.organisation_id, False)
             for a in applications.select_related("case").order_by("expected_decision_by", "pk")[:LIMIT]]
    documents = TravelDocument.objects.filter(application__in=applications_visible_to(user).filter(
        case__in=mine, status__in=OPEN_STATUSES), expires_on__lte=horizon).filter(
        Q(expires_on__gte=today - timedelta(days=30)))
    rows += [Due(d.expires_on, _("Travel document expires"), d.application.case_id, d.application.case.reference,
                 d.application.case.organisation_id, d.expires_on < today)
             for d in documents.select_related("application__case").order_by("expires_on", "pk")[:LIMIT]]
    rows.sort(key=lambda row: (row.on, row.reference))
    return {"rows": _audited(user, rows[:LIMIT], "deadlines"), "days": DAYS_AHEAD}


def follow_ups(user) -> dict | None:
    """Referral follow-ups due in the next 7 days and monitoring visits due up to then (overdue
    ones included) on my cases."""
    if not user_has_perm(user, "case.write"):
        return None
    from apps.referrals.selectors import referrals_visible_to
    from apps.reintegration.models import MonitoringVisit

    today = timezone.localdate()
    horizon = today + timedelta(days=DAYS_AHEAD)
    mine = _my_cases(user)
    # Overdue referral follow-ups have their own widget (apps.referrals): here the coming ones.
    referrals = referrals_visible_to(user).filter(case__in=mine, follow_up_task__done_at__isnull=True,
                                                  follow_up_task__due_date__gte=today,
                                                  follow_up_task__due_date__lte=horizon)
    rows = [Due(r.follow_up_task.due_date, _("Referral follow-up: %(service)s") % {"service": r.service.name},
                r.case_id, r.case.reference, r.case.organisation_id, r.follow_up_task.due_date < today)
            for r in referrals.select_related("case", "service", "follow_up_task")
            .order_by("follow_up_task__due_date", "pk")[:LIMIT]]
    visits = MonitoringVisit.objects.filter(case__in=mine, done_on__isnull=True, planned_for__lte=horizon)
    rows += [Due(v.planned_for, _("Monitoring visit"), v.case_id, v.case.reference, v.case.organisation_id,
                 v.planned_for < today)
             for v in visits.select_related("case").order_by("planned_for", "pk")[:LIMIT]]
    rows.sort(key=lambda row: (row.on, row.reference))
    return {"rows": _audited(user, rows[:LIMIT], "follow_ups"), "days": DAYS_AHEAD}
