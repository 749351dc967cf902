"""/reports/: the dashboard of the signed-in user's roles (team lead, coordinator) and the
indicator set for a period — protected for everybody who may not open the records behind it."""

from urllib.parse import urlencode

from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from apps.audit.services import record
from apps.core.permissions import require_perm
from apps.reports import dashboards, disclosure
from apps.reports.views.common import figures_form


@require_perm("report.view")
def dashboard(request):
    user = request.user
    form = figures_form(request)
    shown, raw = [], False
    if form.is_valid():
        period, filters = form.chosen_period(), form.filters()
        shown = dashboards.indicator_set(user, period, filters)
        raw = disclosure.sees_raw(user, filters)
        record(user, "report.viewed", details={"page": "dashboard", "start": period.start.isoformat(),
                                               "end": period.end.isoformat(), "filters": filters.active()})
    return render(request, "reports/dashboard.html", {
        "form": form, "shown": shown, "raw": raw, "export_url": _export_url(request),
        "team": dashboards.team_lead_section(user), "coordination": dashboards.coordinator_section(user),
    })


def _export_url(request) -> str | None:
    """The background export of the whole indicator set, with the period and filters shown."""
    try:
        url = reverse("reports:export_all")
    except NoReverseMatch:  # the exports are an optional part of the app
        return None
    query = urlencode(dict(request.GET.items()))
    return f"{url}?{query}" if query else url
