"""Disclosure control with hand-built numbers: the rules alone, no database.

The value objects below carry exactly the attributes the engine's Period, Filters and Figure
carry (docs: /work issue 11 engine API); `reference` answers the overlapping queries from a table
written in the test, so each expectation is worked out by hand.
"""

from dataclasses import dataclass, field, fields, replace
from datetime import date

import pytest

from apps.reports import disclosure
from apps.reports.disclosure import SMALL, WITHHELD, protect


@dataclass(frozen=True)
class Period:
    start: date
    end: date


@dataclass(frozen=True)
class Filters:
    organisation_ids: tuple = ()
    office_ids: tuple = ()
    district_ids: tuple = ()
    nationalities: tuple = ()
    sexes: tuple = ()
    age_groups: tuple = ()

    def without(self, *names):
        return replace(self, **dict.fromkeys(names, ()))

    def active(self):
        return tuple(f.name for f in fields(self) if getattr(self, f.name))


@dataclass
class Figure:
    code: str
    total: object
    cells: dict
    labels: dict = field(default_factory=dict)
    breakdown: str | None = "sex"
    additive: bool = True


YEAR = Period(date(2025, 1, 1), date(2025, 12, 31))
MARCH = Period(date(2025, 3, 1), date(2025, 3, 31))


def table(entries: dict):
    """A reference answering (period, filters) from hand-written figures."""
    def reference(code, period, filters, *, breakdown=None):
        return entries[(period, filters)]
    return reference


def nothing_else(code, period, filters, *, breakdown=None):
    raise AssertionError(f"unexpected reference query {period} {filters}")


def shown(protected):
    return {c.key: (c.display or c.value) for c in protected.cells}, (protected.total.display or protected.total.value)


def test_raw_viewers_see_every_value():
    figure = Figure("persons", 7, {"f": 3, "m": 4})
    protected = protect(figure, YEAR, Filters(), raw=True, reference=nothing_else)
    assert shown(protected) == ({"f": 3, "m": 4}, 7)
    assert not protected.any_suppressed


def test_primary_one_to_four_shown_as_less_than_five_and_zero_shown():
    figure = Figure("persons", 4, {"f": 4, "m": 0}, breakdown=None)
    protected = protect(figure, YEAR, Filters(), raw=False, reference=nothing_else)
    assert shown(protected) == ({"f": SMALL, "m": 0}, SMALL)
    assert protected.cells[0].value is None  # the number itself never leaves the server


def test_secondary_suppression_hides_the_next_smallest_cell_so_the_total_does_not_reveal_it():
    # total 30 = 3 + 7 + 20: with only "3" hidden, 30 - 7 - 20 = 3 recovers it.
    figure = Figure("persons", 30, {"a": 3, "b": 7, "c": 20}, breakdown="district")
    cells, total = shown(protect(figure, YEAR, Filters(), raw=False, reference=nothing_else))
    assert cells == {"a": SMALL, "b": WITHHELD, "c": 20}
    assert total == 30  # 30 - 20 = 10 = a + b: two unknowns, neither recoverable


def test_secondary_needs_two_cells_that_together_hold_five():
    # 1 and 1 hidden together still add up to 2 (< 5): a third cell must go.
    figure = Figure("persons", 28, {"a": 1, "b": 1, "c": 6, "d": 20}, breakdown="district")
    cells, total = shown(protect(figure, YEAR, Filters(), raw=False, reference=nothing_else))
    assert cells == {"a": SMALL, "b": SMALL, "c": WITHHELD, "d": 20}
    assert total == 28


def test_zero_cells_are_never_used_for_secondary_suppression_and_the_total_goes_when_nothing_is_left():
    figure = Figure("persons", 3, {"a": 3, "b": 0}, breakdown="district")
    cells, total = shown(protect(figure, YEAR, Filters(), raw=False, reference=nothing_else))
    assert cells == {"a": SMALL, "b": 0}
    assert total == SMALL
    # 8 = 2 + 6 + 0: the 6 joins the 2 and together they are 8 ≥ 5; the total may stay.
    figure = Figure("persons", 8, {"a": 2, "b": 6, "c": 0}, breakdown="district")
    cells, total = shown(protect(figure, YEAR, Filters(), raw=False, reference=nothing_else))
    assert cells == {"a": SMALL, "b": WITHHELD, "c": 0} and total == 8


def test_single_suppressed_cell_without_partner_suppresses_the_total():
    figure = Figure("persons", 2, {"a": 2}, breakdown="district")
    cells, total = shown(protect(figure, YEAR, Filters(), raw=False, reference=nothing_else))
    assert cells == {"a": SMALL} and total == SMALL


def test_overlapping_query_with_one_filter_removed_hides_a_difference_below_five():
    district = Filters(district_ids=(7,))
    district_female = Filters(district_ids=(7,), sexes=("female",))
    # district 7: 20 persons, of them 17 women, by age: 10 + 10 vs 10 + 7.
    broad = Figure("persons", 20, {"18_60": 10, "over_60": 10}, breakdown="age_group")
    narrow = Figure("persons", 17, {"18_60": 10, "over_60": 7}, breakdown="age_group")
    reference = table({
        (YEAR, district): broad,
        (YEAR, Filters(sexes=("female",))): Figure("persons", 100, {"18_60": 60, "over_60": 40}),
        (YEAR, Filters()): Figure("persons", 300, {"18_60": 200, "over_60": 100}),
    })
    cells, total = shown(protect(narrow, YEAR, district_female, raw=False, reference=reference))
    # 20 - 17 = 3 men (recoverable) → total withheld; 10 - 7 = 3 older men → that cell withheld.
    # 10 - 10 = 0 is harmless, and with the total and one cell hidden the 10 gives nothing away.
    assert (cells, total) == ({"18_60": 10, "over_60": WITHHELD}, WITHHELD)
    # The district-wide query itself stays visible: it does not contain a small group.
    cells, total = shown(protect(broad, YEAR, district, raw=False, reference=table({
        (YEAR, Filters()): Figure("persons", 300, {"18_60": 200, "over_60": 100})})))
    assert (cells, total) == ({"18_60": 10, "over_60": 10}, 20)


def test_the_small_group_cannot_be_recovered_from_what_both_queries_show():
    district = Filters(district_ids=(7,))
    district_female = Filters(district_ids=(7,), sexes=("female",))
    broad = Figure("persons", 20, {}, breakdown=None)
    narrow = Figure("persons", 17, {}, breakdown=None)
    reference = table({(YEAR, district): broad, (YEAR, Filters(sexes=("female",))): Figure("p", 100, {}),
                       (YEAR, Filters()): Figure("p", 300, {})})
    seen = protect(narrow, YEAR, district_female, raw=False, reference=reference)
    assert seen.total.value is None  # 20 - ? cannot be computed


def test_a_hidden_total_of_disjoint_counts_takes_a_cell_with_it():
    # Only the total differs by a small amount (the broader query counts 2 persons without a sex
    # recorded that no cell shows): 9 + 8 would give the hidden 17 back.
    district, district_female = Filters(district_ids=(7,)), Filters(district_ids=(7,), sexes=("female",))
    reference = table({(YEAR, district): Figure("p", 19, {"a": 9, "b": 8}),
                       (YEAR, Filters(sexes=("female",))): Figure("p", 90, {"a": 50, "b": 40}),
                       (YEAR, Filters()): Figure("p", 300, {"a": 150, "b": 150})})
    cells, total = shown(protect(Figure("p", 17, {"a": 9, "b": 8}), YEAR, district_female, raw=False,
                                 reference=reference))
    assert (cells, total) == ({"a": 9, "b": WITHHELD}, WITHHELD)


def test_month_is_checked_against_its_quarter_half_year_and_year():
    # March 9, first quarter 9, first half 9, year 12: the other eleven months hold 3 → withheld.
    q1 = Period(date(2025, 1, 1), date(2025, 3, 31))
    h1 = Period(date(2025, 1, 1), date(2025, 6, 30))
    reference = table({(q1, Filters()): Figure("p", 9, {}), (h1, Filters()): Figure("p", 9, {}),
                       (YEAR, Filters()): Figure("p", 12, {})})
    seen = protect(Figure("p", 9, {}, breakdown=None), MARCH, Filters(), raw=False, reference=reference)
    assert seen.total.display == WITHHELD
    reference = table({(q1, Filters()): Figure("p", 9, {}), (h1, Filters()): Figure("p", 20, {}),
                       (YEAR, Filters()): Figure("p", 40, {})})
    seen = protect(Figure("p", 9, {}, breakdown=None), MARCH, Filters(), raw=False, reference=reference)
    assert seen.total.value == 9


def test_decimal_figures_are_not_counts():
    figure = Figure("turnaround", __import__("decimal").Decimal("2.5"), {}, breakdown=None)
    assert protect(figure, YEAR, Filters(), raw=False, reference=nothing_else).total.value.to_eng_string() == "2.5"


@pytest.mark.parametrize(("start", "end", "kind"), [
    (date(2025, 1, 1), date(2025, 12, 31), "year"),
    (date(2025, 7, 1), date(2025, 12, 31), "half"),
    (date(2025, 4, 1), date(2025, 6, 30), "quarter"),
    (date(2024, 2, 1), date(2024, 2, 29), "month"),
    (date(2025, 2, 1), date(2025, 4, 30), None),   # three months, not a quarter
    (date(2025, 1, 2), date(2025, 1, 31), None),
    (date(2025, 3, 1), date(2025, 8, 31), None),   # six months, not a half-year
    (date(2024, 12, 1), date(2025, 1, 31), None),
])
def test_calendar_kinds(start, end, kind):
    assert disclosure.calendar_kind(start, end) == kind


def test_calendar_choices_parse_back_to_their_periods():
    for code, _label in disclosure.calendar_period_choices([2024]):
        start, end = disclosure.parse_calendar_period(code)
        assert disclosure.calendar_kind(start, end) is not None
    assert disclosure.parse_calendar_period("2024-Q2") == (date(2024, 4, 1), date(2024, 6, 30))
    assert disclosure.parse_calendar_period("2024-13") is None
    assert disclosure.parse_calendar_period("2024-Q5") is None
    assert disclosure.parse_calendar_period("abcd") is None
    assert disclosure.parse_calendar_period("") is None


def test_enclosing_periods_of_a_month():
    assert disclosure.enclosing_periods(MARCH) == [
        Period(date(2025, 1, 1), date(2025, 3, 31)), Period(date(2025, 1, 1), date(2025, 6, 30)), YEAR]
    assert disclosure.enclosing_periods(YEAR) == []
    assert disclosure.enclosing_periods(Period(date(2025, 3, 5), date(2025, 3, 9))) == []


def test_raw_only_for_own_organisations_with_drilldown_and_case_read(personas, orgs):
    assert disclosure.sees_raw(personas.team_lead, Filters(organisation_ids=(orgs.iom.pk,)))
    assert not disclosure.sees_raw(personas.team_lead, Filters())  # the whole network
    assert not disclosure.sees_raw(personas.team_lead, Filters(organisation_ids=(orgs.iom.pk, orgs.diakonie.pk)))
    assert not disclosure.sees_raw(personas.statistics, Filters(organisation_ids=(orgs.funder.pk,)))
    assert not disclosure.sees_raw(personas.coordinator, Filters(organisation_ids=(orgs.diakonie.pk,)))
    assert not disclosure.sees_raw(personas.counsellor, Filters(organisation_ids=(orgs.iom.pk,)))


@dataclass
class Statistic(Figure):
    """A mean, share or median with the number of records it rests on."""

    unit: str = "mean"
    basis: int | None = None
    additive: bool = False


@pytest.mark.parametrize("basis", [1, 2, 4, None])
def test_a_mean_over_fewer_than_five_records_is_withheld_whole(basis):
    # A mean of two follow-up surveys (0.40 and 0.60 → 0.500) would tell each score.
    from decimal import Decimal

    figure = Statistic("followup", Decimal("0.500"), {"economic": Decimal("0.300")}, breakdown="dimension",
                       basis=basis)
    protected = protect(figure, YEAR, Filters(), raw=False, reference=nothing_else)
    assert shown(protected) == ({"economic": SMALL}, SMALL)
    assert protected.total.value is None and protected.cells[0].value is None


def test_a_share_over_five_records_is_shown_and_its_small_count_cells_follow_the_count_rules():
    # 6 callbacks measured: 4 in time, 2 late → 66.7 %; the late 2 and (secondary) the 4 are withheld.
    from decimal import Decimal

    figure = Statistic("service_level", Decimal("66.7"), {"within": 4, "late": 2}, breakdown="timeliness",
                       unit="percent", basis=6)
    protected = protect(figure, YEAR, Filters(), raw=False, reference=nothing_else)
    assert shown(protected) == ({"within": SMALL, "late": SMALL}, Decimal("66.7"))


def test_raw_viewers_see_a_mean_over_few_records():
    from decimal import Decimal

    figure = Statistic("followup", Decimal("0.500"), {}, breakdown=None, basis=2)
    assert protect(figure, YEAR, Filters(), raw=True).total.value == Decimal("0.500")
