"""The hotline and outreach: calls, callback requests and their service level, campaign
visits and material orders."""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from apps.reports.engine import Figure
from apps.reports.indicators.base import (
    Breakdown,
    Indicator,
    RecordCount,
    Source,
    choice_labels,
    district_breakdown,
)


def _call():
    from apps.hotline.models import Call

    return Call


def _callback():
    from apps.hotline.models import CallbackRequest

    return CallbackRequest


def _visit():
    from apps.outreach.models import CampaignVisit

    return CampaignVisit


def _order():
    from apps.outreach.models import MaterialOrder

    return MaterialOrder


def _calls_visible(user):
    from apps.hotline.selectors import calls_visible_to

    return calls_visible_to(user)


def _callbacks_visible(user):
    from apps.hotline.selectors import callbacks_visible_to

    return callbacks_visible_to(user)


def _orders_visible(user):
    from apps.outreach.selectors import orders_visible_to

    return orders_visible_to(user)


def _visits_visible(user):
    from apps.outreach.selectors import campaigns_visible_to

    return _visit().objects.filter(campaign__in=campaigns_visible_to(user))


CALLS = Source(model=_call, date="started_at", organisation="organisation", district="district", case=None,
               visible=_calls_visible)
CALLBACKS = Source(model=_callback, date="requested_at", organisation="organisation", case=None,
                   visible=_callbacks_visible)
CAMPAIGN_VISITS = Source(model=_visit, date="day", organisation="campaign__organisation", case=None,
                         visible=_visits_visible)
ORDERS = Source(model=_order, date="created_at", organisation="organisation", case=None, visible=_orders_visible)


class ServiceLevel(Indicator):
    """Share (percent, one decimal) of the callback requests of the period called back by
    their deadline (end of the next working day), among those whose deadline has passed or
    that were reached; cells count both groups."""

    unit = "percent"

    def figure(self, period, filters, breakdown):
        now = timezone.now()
        qs = self.records(period, filters).filter(Q(due_at__lte=now) | Q(reached_at__isnull=False))
        counts = qs.aggregate(measured=Count("pk"), within=Count("pk", filter=Q(reached_at__lte=F("due_at"))))
        measured, within = counts["measured"], counts["within"]
        share = (Decimal(100 * within) / Decimal(measured)).quantize(Decimal("0.1"), ROUND_HALF_UP) \
            if measured else None
        figure = Figure(self.code, share, breakdown=breakdown, additive=False, unit="percent", basis=measured)
        if breakdown == "timeliness":
            from django.utils.translation import gettext as _

            figure.cells = {"within": within, "late": measured - within}
            figure.labels = {"within": _("called back in time"), "late": _("called back late or not reached")}
        return figure

    def drilldown(self, period, filters, user, cell, breakdown):
        from apps.reports.indicators.base import visible_records

        qs = self.records(period, filters).filter(Q(due_at__lte=timezone.now()) | Q(reached_at__isnull=False))
        if cell == "within":
            qs = qs.filter(reached_at__lte=F("due_at"))
        elif cell == "late":
            qs = qs.exclude(reached_at__lte=F("due_at"))
        return visible_records(self.source, user, qs)


class SumOf(RecordCount):
    """Sums a counter column (campaign visits are stored as counts per day and language)."""

    def __init__(self, code, source, breakdowns, default=None, *, column: str):
        super().__init__(code, source, breakdowns, default)
        self.column = column

    def figure(self, period, filters, breakdown):
        qs = self.records(period, filters)
        if breakdown is None:
            return Figure(self.code, qs.aggregate(n=Sum(self.column))["n"] or 0, breakdown=None)
        b = self.breakdown(breakdown)
        cells: dict[str, int] = {}
        for row in qs.values(_k=b.expr(self.source)).annotate(_n=Sum(self.column)).order_by():
            key = b.to_key(row["_k"])
            cells[key] = cells.get(key, 0) + (row["_n"] or 0)
        return Figure(self.code, sum(cells.values()), cells, b.labels(list(cells)), breakdown)


def _language_labels(keys):
    from apps.core.languages import language_name

    return {k: (language_name(k) if k != "unknown" else k) for k in keys}


def indicators():
    from apps.hotline.models import Call, CallbackRequest
    from apps.outreach.models import Channel, MaterialKind, OrderState

    return [
        RecordCount("hotline_calls", CALLS,
                    [Breakdown("topic", lambda s: F("topic"), choice_labels(Call.Topic.choices)),
                     district_breakdown()], default="topic"),
        RecordCount("callback_requests", CALLBACKS,
                    [Breakdown("source", lambda s: F("source"), choice_labels(CallbackRequest.Source.choices))],
                    default="source"),
        ServiceLevel("callbacks_within_service_level", CALLBACKS,
                     [Breakdown("timeliness", lambda s: F("status"), lambda keys: {})], default="timeliness"),
        SumOf("campaign_visits", CAMPAIGN_VISITS,
              [Breakdown("channel", lambda s: F("campaign__channel"), choice_labels(Channel.choices)),
               Breakdown("language", lambda s: F("language"), _language_labels)],
              default="channel", column="count"),
        RecordCount("material_orders", ORDERS,
                    [Breakdown("state", lambda s: F("state"), choice_labels(OrderState.choices)),
                     Breakdown("kind", lambda s: F("material__kind"), choice_labels(MaterialKind.choices))],
                    default="state"),
    ]
