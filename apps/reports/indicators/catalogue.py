"""Reads of the indicator catalogue (reports.Indicator rows)."""

from django.db.models import QuerySet

from apps.reports.models import Indicator


def indicators_active() -> QuerySet[Indicator]:
    """The active indicators in their order (reference data: no personal data, no scoping)."""
    return Indicator.objects.filter(active=True).order_by("order", "code")
