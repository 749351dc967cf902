"""What the report pages share: reading the period and filter form with sensible defaults."""

from django.utils import timezone

from apps.reports import disclosure
from apps.reports.forms import FiguresForm


def default_data(user) -> dict:
    """This year; for a user who may open the records of exactly one organisation, that one
    (so a team lead sees their own figures unprotected and can drill down)."""
    data = {"period": str(timezone.localdate().year)}
    own = sorted(disclosure.drilldown_organisation_ids(user))
    if len(own) == 1:
        data["organisation"] = str(own[0])
    return data


def figures_form(request, *, breakdowns=None) -> FiguresForm:
    data = request.GET if "period" in request.GET else default_data(request.user)
    form = FiguresForm(data, user=request.user, breakdowns=breakdowns)
    form.is_valid()
    return form
