"""Coverage of the districts by counselling days (no personal data; network-wide)."""

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.audit.services import record
from apps.core.permissions import require_perm
from apps.mobile import selectors
from apps.mobile.forms import PeriodForm
from apps.regions.maps import district_map_svg

# The same colours as .coverage-* in static/css/returnnet.css (the legend; CSP allows no inline styles).
COLOURS = {"none": "#f4b4ae", "below": "#fce08a", "met": "#9fd8b4"}


@require_perm("coverage.view")
def coverage(request):
    start, end = selectors.quarter_of(timezone.localdate())
    form = PeriodForm(request.GET or None, initial={"start": start, "end": end})
    if form.is_valid():
        start = form.cleaned_data["start"] or start
        end = form.cleaned_data["end"] or end
    if end < start:
        start, end = end, start
    rows = selectors.coverage(start, end)
    fills, titles = {}, {}
    for row in rows:
        state = "met" if not row.below_rule else ("below" if row.days_in_period else "none")
        fills[row.district.ags] = COLOURS[state]
        titles[row.district.ags] = _("%(name)s: %(days)s counselling days") % {
            "name": row.district.display_name, "days": row.days_in_period}
    record(request.user, "coverage.viewed", details={"start": start.isoformat(), "end": end.isoformat()})
    return render(request, "mobile/coverage.html", {
        "form": form, "rows": rows, "start": start, "end": end, "map": district_map_svg(
            fills, titles, label=_("Map: coverage of the districts")),
        "covered": sum(not row.below_rule for row in rows),
        "required": rows[0].required if rows else 0,
    })
