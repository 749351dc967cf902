"""Reports: /reports/indicators (definitions) and /reports/figures (aggregates for a period).

Protected exactly as on the web (apps.reports.disclosure): raw only for a viewer who may open
every record behind the figures; everybody else gets calendar periods only (a 422 otherwise)
and suppressed cells. No operation here returns personal data.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router

from apps.api.permissions import requires
from apps.api.schemas.common import ErrorOut
from apps.api.schemas.reports import FiguresOut, FiguresQuery, IndicatorOut
from apps.audit.services import record
from apps.reports import dashboards, disclosure, selectors
from apps.reports.engine import Filters, IndicatorError, Period, breakdowns, compute, compute_all

router = Router()


@router.get("/reports/indicators", response=list[IndicatorOut], summary="List the indicators")
@requires("report.view")
def list_indicators(request: HttpRequest):
    """Every active indicator: code, title, definition, counting unit, decisive date, source,
    whether the source was verified, and its breakdowns."""
    return [{
        "code": info.code, "kind": info.row.kind, "title": info.title, "definition": info.definition,
        "unit": info.row.unit, "decisive_date": info.row.decisive_date, "source": info.source,
        "source_url": info.row.source_url, "verified": info.verified, "breakdowns": breakdowns(info.code),
        "default_breakdown": info.row.default_breakdown or None,
    } for info in selectors.indicator_infos()]


def _filters(query: FiguresQuery) -> Filters:
    def one(value):
        return () if value in (None, "") else (value,)

    return Filters(organisation_ids=one(query.organisation_id), office_ids=one(query.office_id),
                   district_ids=one(query.district_id),
                   nationalities=one(query.nationality.upper() if query.nationality else None),
                   sexes=one(query.sex), age_groups=one(query.age_group))


def _period(query: FiguresQuery, raw: bool) -> Period:
    if query.period:
        dates = disclosure.parse_calendar_period(query.period)
        if dates is None:
            raise ValidationError({"period": _('Not a calendar period: use "2025", "2025-H1", "2025-Q3" or '
                                               '"2025-07".')})
        return Period(*dates)
    if not query.start and not query.end:
        year = timezone.localdate().year  # nothing asked: this calendar year
        return Period(date(year, 1, 1), date(year, 12, 31))
    if not query.start or not query.end:
        raise ValidationError({"period": _("Give a calendar period, or both start and end.")})
    if query.end < query.start:
        raise ValidationError({"end": _("The period ends before it starts.")})
    period = Period(query.start, query.end)
    if not raw and not disclosure.is_calendar_period(period):
        raise ValidationError({"period": _(
            "Figures across organisations are given for calendar periods only (a year, half-year, quarter or "
            "month). Choose one of those, or your own organisation.")})
    return period


@router.get("/reports/figures", response={200: FiguresOut, 403: ErrorOut}, summary="Read aggregated figures")
@requires("report.view")
def get_figures(request: HttpRequest, query: Query[FiguresQuery]):
    """The indicators (all active ones, or `code`) for a period and filters, each with its
    breakdown. Protected by disclosure control unless you may open every record behind them
    (`organisation_id` naming an organisation where you hold report.drilldown and case.read)."""
    user = request.auth
    filters = _filters(query)
    raw = disclosure.sees_raw(user, filters)
    period = _period(query, raw)
    infos = {info.code: info for info in selectors.indicator_infos()}
    try:
        if query.code:
            if query.code not in infos:
                raise ValidationError({"code": _("No active indicator has this code.")})
            figures = [compute(query.code, period, filters, breakdown=query.breakdown
                               or infos[query.code].row.default_breakdown or None)]
        else:
            figures = compute_all(period, filters)
    except IndicatorError as error:
        raise ValidationError({"breakdown": str(error)}) from error
    reference = disclosure.CachedReference()
    shown = [dashboards.protected_figure(user, infos[f.code], f, period, filters, reference=reference,
                                         draw=False) for f in figures if f.code in infos]
    record(user, "report.viewed", details={"via": "api", "start": period.start.isoformat(),
                                           "end": period.end.isoformat(), "filters": filters.active()})
    return {"start": period.start, "end": period.end, "protected": not raw, "filters": list(filters.active()),
            "figures": [_figure_out(item) for item in shown]}


def _cell_out(cell) -> dict:
    return {"key": cell.key, "label": cell.label, "value": cell.value,
            "withheld": cell.display if cell.suppressed else None}


def _figure_out(item) -> dict:
    return {"code": item.info.code, "title": item.info.title, "breakdown": item.figure.breakdown,
            "total": _cell_out(item.figure.total), "cells": [_cell_out(c) for c in item.figure.cells]}
