"""Figures as a viewer may see them, and the role sections of /reports/.

Everything shown to a viewer passes through protected_figure(): raw for a viewer who may open
every record behind it (disclosure.sees_raw), protected by disclosure control otherwise.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.accounts.selectors import user_has_perm
from apps.regions.models import District
from apps.reports import charts, disclosure, selectors


@dataclass
class Shown:
    info: selectors.IndicatorInfo
    figure: disclosure.Protected
    breakdown_label: str
    chart: str
    map: str | None
    ignored_filters: tuple[str, ...]


BREAKDOWN_WORDS = {
    "channel": gettext_lazy("channel"), "district": gettext_lazy("district"), "sex": gettext_lazy("sex"),
    "age_group": gettext_lazy("age group"), "nationality": gettext_lazy("nationality"),
    "type": gettext_lazy("type"), "result": gettext_lazy("result"), "programme": gettext_lazy("programme"),
    "destination": gettext_lazy("country of return"), "organisation": gettext_lazy("organisation"),
    "status": gettext_lazy("status"), "band": gettext_lazy("score band"), "category": gettext_lazy("category"),
    "country": gettext_lazy("country"), "dimension": gettext_lazy("dimension"), "kind": gettext_lazy("kind"),
    "language": gettext_lazy("language"), "place": gettext_lazy("place"), "service_type": gettext_lazy("service type"),
    "source": gettext_lazy("source of first contact"), "state": gettext_lazy("state"),
    "timeliness": gettext_lazy("timeliness"), "topic": gettext_lazy("topic"),
}


def breakdown_word(name: str | None) -> str:
    if not name:
        return ""
    return str(BREAKDOWN_WORDS.get(name, name.replace("_", " ")))


def protected_figure(user, info, figure, period, filters, *, reference=None, draw: bool = True) -> Shown:
    raw = disclosure.sees_raw(user, filters)
    protected = disclosure.protect(figure, period, filters, raw=raw, reference=reference)
    word = breakdown_word(figure.breakdown)
    description = (_("%(title)s: one bar per %(breakdown)s; the table beside it gives the same numbers.")
                   % {"title": info.title, "breakdown": word}) if word else info.title
    chart = charts.bar_chart(chart_id=f"chart-{info.code}", title=info.title, description=description,
                             cells=protected.cells) if protected.cells and draw else ""
    district_map = None
    if figure.breakdown == "district" and protected.cells and draw:
        ags = set(District.objects.values_list("ags", flat=True))
        district_map = charts.district_map(protected.cells, ags_of={c.key: c.key for c in protected.cells
                                                                    if c.key in ags},
                                           label=_("Map: %(title)s by district") % {"title": info.title})
    return Shown(info, protected, word, chart, district_map, tuple(getattr(figure, "ignored_filters", ())))


class SetReference(disclosure.CachedReference):
    """Reference queries for a whole indicator set: one compute_all per (period, filters) —
    concurrent on PostgreSQL — instead of one compute per indicator and reference query."""

    def __init__(self):
        super().__init__()
        self._sets: set = set()

    def __call__(self, code, period, filters, *, breakdown=None):
        from apps.reports.engine import compute_all

        if (code, period, filters, breakdown) not in self._cache and (period, filters) not in self._sets:
            self._sets.add((period, filters))
            for figure in compute_all(period, filters):
                self._cache[(figure.code, period, filters, figure.breakdown)] = figure
        return super().__call__(code, period, filters, breakdown=breakdown)


def indicator_set(user, period, filters) -> list[Shown]:
    """Every active indicator for the period and filters, as the user may see it."""
    from apps.reports.engine import compute_all

    infos = {info.code: info for info in selectors.indicator_infos()}
    reference = SetReference()
    figures = compute_all(period, filters)
    return [protected_figure(user, infos[f.code], f, period, filters, reference=reference)
            for f in figures if f.code in infos]


def team_lead_section(user) -> dict | None:
    if not selectors.lead_organisation_ids(user):
        return None
    caseload, unassigned = selectors.caseload_per_counsellor(user)
    applications = selectors.applications_by_status_and_age(user)
    coverage = selectors.coverage_overview(user)
    coverage_map = _coverage_map(coverage["rows"]) if coverage else None
    return {"caseload": caseload, "unassigned": unassigned, "applications": applications,
            "age_buckets": selectors.AGE_BUCKETS, "callbacks": selectors.callbacks_overview(user),
            "referrals": selectors.referral_follow_ups(user), "coverage": coverage, "coverage_map": coverage_map}


# The coverage page's colours (apps/mobile/views/coverage.py, .coverage-* in returnnet.css); the
# table beside the map says the same in words.
COVERAGE_COLOURS = {"none": "#f4b4ae", "below": "#fce08a", "met": "#9fd8b4"}


def _coverage_map(rows):
    from apps.regions.maps import district_map_svg

    fills, titles = {}, {}
    for row in rows:
        state = "met" if not row.below_rule else ("below" if row.days_in_period else "none")
        fills[row.district.ags] = COVERAGE_COLOURS[state]
        titles[row.district.ags] = _("%(name)s: %(days)s counselling days") % {
            "name": row.district.name, "days": row.days_in_period}
    from apps.reports.charts import named

    return named(district_map_svg(fills, titles), _("Map: counselling days per district this quarter"))


def coordinator_section(user) -> dict | None:
    if not user_has_perm(user, "network.manage") and not user_has_perm(user, "outreach.manage"):
        return None
    return {"events": selectors.upcoming_events(user), "questions": selectors.expert_questions_overview(user),
            "outreach": selectors.outreach_overview(user)}
