"""Reads for the dashboards: figures scoped to the acting user, each a handful of aggregate queries.

Every function takes the user and counts only what the owning app's own selector shows them
(cases_visible_to, applications_visible_to, referrals_visible_to, …), restricted to the
organisations where they lead the team (case.assign). Counts carry no personal data; the lists
that name clients (drill-down, home widgets) are audited by their callers.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import get_language

from apps.accounts.selectors import organisation_ids_with, user_has_perm
from apps.cases.models import CaseStatus
from apps.cases.selectors import cases_visible_to

AGE_BUCKETS = ((0, 30), (31, 90), (91, None))  # days since the application was created


def lead_organisation_ids(user) -> list[int]:
    """The organisations whose team the user leads: case.assign and report.view there."""
    return sorted(set(organisation_ids_with(user, "case.assign")) & set(organisation_ids_with(user, "report.view")))


# --- Indicator catalogue ----------------------------------------------------------------------

def _localised(row, field: str) -> str:
    language = (get_language() or "de")[:2]
    return getattr(row, f"{field}_{language}", "") or getattr(row, f"{field}_de", "") or ""


@dataclass
class IndicatorInfo:
    code: str
    title: str
    definition: str
    source: str
    verified: bool
    row: object


def indicator_infos() -> list[IndicatorInfo]:
    """The active indicators with counting code, in their order (reference data, not scoped)."""
    from apps.reports.engine import codes
    from apps.reports.indicators.catalogue import indicators_active

    known = set(codes())
    return [_info(row) for row in indicators_active() if row.code in known]


def indicator_info(code: str) -> IndicatorInfo | None:
    return next((info for info in indicator_infos() if info.code == code), None)


def _info(row) -> IndicatorInfo:
    return IndicatorInfo(row.code, _localised(row, "title"), _localised(row, "definition"),
                         str(getattr(row, "source", "") or ""), bool(getattr(row, "verified", False)), row)


# --- Team lead ------------------------------------------------------------------------------

def caseload_per_counsellor(user) -> tuple[list[dict], int]:
    """Open cases per assigned counsellor in the teams the user leads (a case with two
    counsellors counts for each; unassigned open cases are one row of their own)."""
    from apps.cases.models import Case

    open_cases = cases_visible_to(user).filter(organisation_id__in=lead_organisation_ids(user)).exclude(
        status=CaseStatus.CLOSED)
    through = Case.assigned_counsellors.through
    rows = (through.objects.filter(case__in=open_cases).values("user_id", "user__full_name")
            .annotate(n=Count("case_id")).order_by("user__full_name", "user_id"))
    result = [{"name": row["user__full_name"], "open": row["n"]} for row in rows]
    unassigned = open_cases.filter(assigned_counsellors__isnull=True).count()
    return result, unassigned


def applications_by_status_and_age(user) -> list[dict]:
    """Open applications of the led teams by status, each split into age brackets (days)."""
    from apps.applications.models import ApplicationStatus
    from apps.applications.selectors import OPEN_STATUSES, applications_visible_to

    now = timezone.now()
    applications = applications_visible_to(user).filter(case__organisation_id__in=lead_organisation_ids(user),
                                                        status__in=OPEN_STATUSES)
    aggregates = {}
    for low, high in AGE_BUCKETS:
        condition = Q(created_at__lte=now - timedelta(days=low))
        if high is not None:
            condition &= Q(created_at__gt=now - timedelta(days=high + 1))
        aggregates[f"b{low}"] = Count("pk", filter=condition)
    rows = applications.values("status").annotate(total=Count("pk"), **aggregates).order_by()
    by_status = {row["status"]: row for row in rows}
    labels = dict(ApplicationStatus.choices)
    return [{"status": labels[status], "total": by_status[status]["total"],
             "ages": [by_status[status][f"b{low}"] for low, _high in AGE_BUCKETS]}
            for status in OPEN_STATUSES if status in by_status]


def callbacks_overview(user):
    """The callback queue's figures (open, overdue, service level) where the user supervises."""
    if not user_has_perm(user, "hotline.supervise"):
        return None
    from apps.hotline.overview import queue_figures

    return queue_figures(user)


def referral_follow_ups(user) -> dict:
    """Referrals of the led teams: waiting for an answer, follow-ups due within 7 days, overdue."""
    from apps.referrals.selectors import overdue_follow_ups, referrals_visible_to, waiting_for_response

    orgs = lead_organisation_ids(user)
    today = timezone.localdate()
    ours = Q(case__organisation_id__in=orgs)
    due = referrals_visible_to(user).filter(ours, follow_up_task__done_at__isnull=True,
                                            follow_up_task__due_date__gte=today,
                                            follow_up_task__due_date__lte=today + timedelta(days=7))
    return {"waiting": waiting_for_response(user).filter(ours).count(), "due": due.count(),
            "overdue": overdue_follow_ups(user).filter(ours).count()}


def coverage_overview(user):
    """Districts covered by counselling days this quarter (coverage.view), for the map."""
    if not user_has_perm(user, "coverage.view"):
        return None
    from apps.mobile import selectors as mobile

    start, end = mobile.quarter_of(timezone.localdate())
    rows = mobile.coverage(start, end)
    return {"start": start, "end": end, "rows": rows, "covered": sum(not row.below_rule for row in rows)}


# --- Coordinator ----------------------------------------------------------------------------

def upcoming_events(user, limit: int = 10):
    """The user's organisations' coming events with their registrations (network.manage).
    None when the events app provides no selector (the section is then not shown)."""
    try:
        from apps.events import selectors as events
    except ImportError:
        return None
    if not hasattr(events, "events_visible_to") or not user_has_perm(user, "network.manage"):
        return None
    managed = organisation_ids_with(user, "network.manage")
    rows = (events.events_visible_to(user).filter(organisation_id__in=managed, starts_at__gte=timezone.now())
            .annotate(registered=Count("registrations", filter=~Q(registrations__status__in=["cancelled",
                                                                                            "waiting"])),
                      waiting=Count("registrations", filter=Q(registrations__status="waiting")))
            .order_by("starts_at", "pk"))
    return list(rows[:limit])


def expert_questions_overview(user):
    """Open and overdue questions to the user's Kompetenzzentren and the median turnaround
    (days from asking to the first answer) over the last 12 months."""
    try:
        from apps.network import selectors as network
    except ImportError:
        return None
    if not hasattr(network, "centre_queue_counts") or not user_has_perm(user, "network.manage"):
        return None
    counts = network.centre_queue_counts(user)
    since = timezone.now() - timedelta(days=365)
    answered = (network.questions_to_answer(user).filter(answered_at__isnull=False, asked_at__gte=since)
                .values_list("asked_at", "answered_at"))
    days = sorted((answered_at - asked_at).total_seconds() / 86400 for asked_at, answered_at in answered)
    median = None
    if days:
        middle = len(days) // 2
        median = days[middle] if len(days) % 2 else (days[middle - 1] + days[middle]) / 2
    return {**counts, "answered": len(days), "median_days": None if median is None else round(median, 1)}


def outreach_overview(user):
    """Running campaigns and incoming material orders (outreach.manage)."""
    if not user_has_perm(user, "outreach.manage"):
        return None
    from apps.outreach import selectors as outreach

    today = timezone.localdate()
    campaigns = list(outreach.campaigns_visible_to(user).filter(ends_on__gte=today - timedelta(days=90))
                     .order_by("-starts_on", "pk")[:10])
    visits = {campaign.pk: outreach.campaign_visits(campaign) for campaign in campaigns}
    from apps.outreach.models import OrderState

    counts = dict(outreach.orders_visible_to(user, incoming=True).values_list("state").annotate(n=Count("pk"))
                  .order_by())
    orders = [(label, counts[state]) for state, label in OrderState.choices if counts.get(state)]
    return {"campaigns": [(c, visits[c.pk]) for c in campaigns], "orders": orders}


# --- Drill-down -------------------------------------------------------------------------------

@dataclass
class RecordRow:
    pk: int
    model: str
    kind: str
    organisation_id: int | None
    case_id: int | None
    reference: str
    name: str  # the principal's name; empty unless the user reads the case


def drilldown_rows(user, records: list) -> list[RecordRow]:
    """The records of a drill-down page with their case's reference and principal — names only
    for cases the user reads (cases_visible_to: restricted cases follow the case rules)."""
    from apps.cases.models import Case
    from apps.cases.selectors import with_principal

    def case_id_of(record):
        return record.pk if isinstance(record, Case) else getattr(record, "case_id", None)

    case_ids = {case_id_of(r) for r in records} - {None}
    cases = {case.pk: case for case in with_principal(cases_visible_to(user).filter(pk__in=case_ids))}
    rows = []
    for record in records:
        case = cases.get(case_id_of(record))
        name = f"{case.principal_family_name or ''}, {case.principal_given_names or ''}".strip(", ") if case else ""
        rows.append(RecordRow(
            pk=record.pk, model=record._meta.label_lower, kind=str(record._meta.verbose_name),
            organisation_id=case.organisation_id if case else getattr(record, "organisation_id", None),
            case_id=case.pk if case else None, reference=case.reference if case else "", name=name))
    return rows
