"""Indicator pages: the catalogue, one indicator for a period and filters (chart and table), and the
records behind a figure (drill-down) for users who may read them anyway."""

from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from apps.audit.services import record
from apps.core.pagination import CappedPaginator
from apps.core.permissions import require_perm
from apps.reports import dashboards, disclosure, selectors
from apps.reports.engine import IndicatorError, breakdowns, compute, drilldown
from apps.reports.views.common import figures_form

PAGE_SIZE = 50


@require_perm("report.view")
def indicator_list(request):
    return render(request, "reports/indicator_list.html", {"indicators": selectors.indicator_infos()})


def _info_or_404(code: str):
    info = selectors.indicator_info(code)
    if info is None:
        raise Http404
    return info


def _breakdown_choices(code: str) -> list[tuple[str, str]]:
    return [("", str(dashboards.breakdown_word(None) or "—")),
            *[(name, dashboards.breakdown_word(name)) for name in breakdowns(code)]]


@require_perm("report.view")
def indicator_detail(request, code: str):
    info = _info_or_404(code)
    form = figures_form(request, breakdowns=_breakdown_choices(code))
    shown, links, breakdown = None, {}, None
    if form.is_valid():
        period, filters = form.chosen_period(), form.filters()
        chosen = form.cleaned_data.get("breakdown")
        breakdown = chosen if "period" in request.GET else (info.row.default_breakdown or None)
        if breakdown not in breakdowns(code):
            breakdown = None
        try:
            figure = compute(code, period, filters, breakdown=breakdown)
        except IndicatorError as error:
            form.add_error(None, str(error))
        else:
            shown = dashboards.protected_figure(request.user, info, figure, period, filters,
                                                reference=disclosure.CachedReference())
            if shown.figure.raw and _may_drill(request.user):
                links = _drill_links(request, code, breakdown, shown.figure)
            record(request.user, "report.viewed", details={
                "indicator": code, "start": period.start.isoformat(), "end": period.end.isoformat(),
                "filters": filters.active()})
    return render(request, "reports/indicator_detail.html", {
        "info": info, "form": form, "shown": shown, "links": links, "raw": shown.figure.raw if shown else True,
        "export_url": _with_query(export_url(code), request),
    })


def _with_query(url: str | None, request) -> str | None:
    """The export page opens with the period and filters the figure was shown for."""
    query = urlencode({k: v for k, v in request.GET.items() if k not in ("cell", "page")})
    return f"{url}?{query}" if url and query else url


def export_url(code: str) -> str | None:
    """The background export of this indicator, once the exports app offers one."""
    from django.urls import NoReverseMatch

    try:
        return reverse("reports:export", args=[code])
    except NoReverseMatch:
        return None


def _may_drill(user) -> bool:
    return bool(disclosure.drilldown_organisation_ids(user))


def _drill_links(request, code, breakdown, protected) -> dict:
    params = {k: v for k, v in request.GET.items() if k not in ("breakdown", "cell", "page")}
    if "period" not in params:
        params.update(_default_params(request))
    base = reverse("reports:records", args=[code])
    links = {"": f"{base}?{urlencode(params)}"}
    for cell in protected.cells:
        if cell.value:
            links[cell.key] = f"{base}?{urlencode({**params, 'breakdown': breakdown or '', 'cell': cell.key})}"
    return links


def _default_params(request) -> dict:
    from apps.reports.views.common import default_data

    return default_data(request.user)


@require_perm("report.drilldown")
def indicator_records(request, code: str):
    """The records behind a figure or one of its cells, only those the user may open anyway."""
    info = _info_or_404(code)
    form = figures_form(request, breakdowns=_breakdown_choices(code))
    page, rows, allowed, cell_label = None, [], False, ""
    if form.is_valid():
        period, filters = form.chosen_period(), form.filters()
        allowed = disclosure.sees_raw(request.user, filters)
        if allowed:
            breakdown = form.cleaned_data.get("breakdown") or None
            cell = request.GET.get("cell") or None
            try:
                records = drilldown(code, period, filters, request.user, cell=cell, breakdown=breakdown)
                if cell:
                    figure = compute(code, period, filters, breakdown=breakdown or info.row.default_breakdown)
                    cell_label = figure.labels.get(cell, cell)
            except IndicatorError as error:
                raise Http404 from error
            page = CappedPaginator(records.order_by("pk"), PAGE_SIZE).get_page(request.GET.get("page"))
            rows = selectors.drilldown_rows(request.user, list(page.object_list))
            _audit(request.user, code, cell, rows)
    return render(request, "reports/indicator_records.html", {
        "info": info, "form": form, "page": page, "rows": rows, "allowed": allowed,
        "cell_label": cell_label,
        "back_query": urlencode({k: v for k, v in request.GET.items() if k not in ("cell", "page")}),
    })


def _audit(user, code, cell, rows) -> None:
    """A drill-down lists records of clients: a read of personal data, one entry per organisation."""
    by_organisation: dict[int, list[int]] = {}
    for row in rows:
        by_organisation.setdefault(row.organisation_id, []).append(row.pk)
    for organisation_id, ids in by_organisation.items():
        record(user, "report.records_viewed", organisation_id=organisation_id,
               details={"indicator": code, "cell": cell or "", "model": rows[0].model, "ids": ids})
