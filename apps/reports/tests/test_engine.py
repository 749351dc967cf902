from datetime import date

import pytest

from apps.reports import engine
from apps.reports.engine import Filters, IndicatorError, Period
from apps.reports.indicators.shipped import ensure_shipped
from apps.reports.models import Indicator

pytestmark = pytest.mark.django_db
YEAR = Period(date(2025, 1, 1), date(2025, 12, 31))


@pytest.fixture(autouse=True)
def _shipped_rows(db):
    # A transactional test elsewhere flushes the rows of the data migration.
    ensure_shipped(Indicator)


def test_every_shipped_indicator_has_counting_code_and_computes_on_an_empty_database():
    shipped = set(Indicator.objects.values_list("code", flat=True))
    assert shipped == set(engine.codes())
    figures = engine.compute_all(YEAR, Filters())
    assert [f.code for f in figures] == list(Indicator.objects.filter(active=True).values_list("code", flat=True))
    for figure in figures:
        assert figure.total in (0, None), figure


def test_every_breakdown_of_every_indicator_computes():
    for code in engine.codes():
        for breakdown in engine.breakdowns(code):
            figure = engine.compute(code, YEAR, Filters(sexes=("female",), age_groups=("under_18",)),
                                    breakdown=breakdown)
            assert figure.breakdown == breakdown


def test_filters_without_and_active():
    filters = Filters(organisation_ids=(1,), sexes=("female",), age_groups=("over_60",))
    assert filters.active() == ("organisation_ids", "sexes", "age_groups")
    assert filters.without("sexes").active() == ("organisation_ids", "age_groups")
    assert filters.without().active() == filters.active()
    with pytest.raises(IndicatorError):
        filters.without("colour")
    with pytest.raises(IndicatorError):
        Filters(age_groups=("teen",))


def test_unknown_code_breakdown_and_backwards_period_are_refused():
    with pytest.raises(IndicatorError):
        engine.compute("nope", YEAR, Filters())
    with pytest.raises(IndicatorError):
        engine.compute("sessions_by_channel", YEAR, Filters(), breakdown="colour")
    with pytest.raises(IndicatorError):
        Period(date(2025, 2, 1), date(2025, 1, 1))


def test_filters_that_do_not_apply_are_reported_as_ignored():
    figure = engine.compute("hotline_calls", YEAR, Filters(sexes=("female",), organisation_ids=(1,)))
    assert figure.ignored_filters == ("sexes",)


def test_indicator_rows_are_edited_with_taxonomy_manage_only_and_audited(personas):
    from django.core.exceptions import PermissionDenied, ValidationError

    from apps.audit.models import AuditEntry
    from apps.reports.indicators.catalogue import indicators_active
    from apps.reports.indicators.editing import indicator_update

    row = Indicator.objects.get(code="hotline_calls")
    with pytest.raises(PermissionDenied):
        indicator_update(actor=personas.statistics, indicator=row, data={"active": False})
    with pytest.raises(ValidationError):
        indicator_update(actor=personas.network_admin, indicator=row, data={"code": "calls"})
    with pytest.raises(ValidationError):
        indicator_update(actor=personas.network_admin, indicator=row, data={"default_breakdown": "sex"})
    indicator_update(actor=personas.network_admin, indicator=row,
                     data={"active": False, "default_breakdown": "district", "title_de": "Anrufe"})
    row.refresh_from_db()
    assert (row.active, row.default_breakdown, row.title_de) == (False, "district", "Anrufe")
    assert "hotline_calls" not in {r.code for r in indicators_active()}
    entry = AuditEntry.objects.get(action="indicator.updated")
    assert entry.details == {"code": "hotline_calls", "fields": ["active", "default_breakdown", "title_de"]}
