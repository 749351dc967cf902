"""The team lead's figures for the callback queue, computed in the database (a fixed number
of queries, however many callbacks): queue size and age, the service level, work per agent."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, F, Min, Q
from django.utils import timezone

from apps.accounts.selectors import organisation_ids_with
from apps.hotline.models import Call, CallbackAttempt, CallbackRequest

PERIOD_DAYS = 30


@dataclass(frozen=True)
class QueueFigures:
    open_count: int
    overdue_count: int
    oldest: datetime | None
    median_requested: datetime | None
    measured: int          # callbacks of the period whose deadline has passed or that were reached
    within: int            # of those, reached by the deadline

    @property
    def share_within(self) -> int | None:
        return round(100 * self.within / self.measured) if self.measured else None


def _organisations(user) -> list[int]:
    return organisation_ids_with(user, "hotline.supervise")


def queue_figures(user) -> QueueFigures:
    now = timezone.now()
    callbacks = CallbackRequest.objects.filter(organisation_id__in=_organisations(user))
    open_ = callbacks.filter(status=CallbackRequest.Status.OPEN)
    figures = open_.aggregate(open_count=Count("pk"), overdue_count=Count("pk", filter=Q(due_at__lte=now)),
                              oldest=Min("requested_at"))
    median = None
    if figures["open_count"]:
        median = (open_.order_by("requested_at", "pk").values_list("requested_at", flat=True)
                  [figures["open_count"] // 2])
    since = now - timedelta(days=PERIOD_DAYS)
    level = callbacks.filter(requested_at__gte=since).filter(
        Q(due_at__lte=now) | Q(reached_at__isnull=False)).aggregate(
        measured=Count("pk"), within=Count("pk", filter=Q(reached_at__lte=F("due_at"))))
    return QueueFigures(open_count=figures["open_count"], overdue_count=figures["overdue_count"],
                        oldest=figures["oldest"], median_requested=median, **level)


def overdue_callbacks(user, limit: int = 50):
    return (CallbackRequest.objects.filter(organisation_id__in=_organisations(user),
                                           status=CallbackRequest.Status.OPEN, due_at__lte=timezone.now())
            .select_related("assigned_to").order_by("due_at", "pk")[:limit])


def per_agent(user) -> list[dict]:
    """Calls logged, callback attempts and open assigned callbacks per agent, last 30 days."""
    orgs = _organisations(user)
    since = timezone.now() - timedelta(days=PERIOD_DAYS)
    rows: dict[int, dict] = {}

    def add(queryset, key):
        for row in queryset:
            entry = rows.setdefault(row["agent"], {"name": row["name"], "calls": 0, "attempts": 0, "open": 0})
            entry[key] = row["n"]

    add(Call.objects.filter(organisation_id__in=orgs, started_at__gte=since)
        .values("agent", name=F("agent__full_name")).annotate(n=Count("pk")).order_by(), "calls")
    add(CallbackAttempt.objects.filter(callback__organisation_id__in=orgs, at__gte=since)
        .values("agent", name=F("agent__full_name")).annotate(n=Count("pk")).order_by(), "attempts")
    add(CallbackRequest.objects.filter(organisation_id__in=orgs, status=CallbackRequest.Status.OPEN,
                                       assigned_to__isnull=False)
        .values(agent=F("assigned_to"), name=F("assigned_to__full_name")).annotate(n=Count("pk")).order_by(),
        "open")
    return sorted(rows.values(), key=lambda entry: entry["name"] or "")
