"""/reports/: the dashboard of the signed-in user's roles (team lead, coordinator) and the
indicator set for a period — protected for everybody who may not open the records behind it."""

from django.shortcuts import render

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
        "form": form, "shown": shown, "raw": raw,
        "team": dashboards.team_lead_section(user), "coordination": dashboards.coordinator_section(user),
    })
