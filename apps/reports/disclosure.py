"""Statistical disclosure control: what a viewer who may not open the records behind a figure sees.

Rules (binding, see docs/operator-guide.md "Disclosure control"):
- primary: a count of 1..4 is shown as "<5" (0 is shown);
- secondary: in a breakdown with a total, once a cell is suppressed, further smallest non-zero cells
  are suppressed until at least two are and together they hold ≥ 5 — otherwise the total goes too;
- overlapping queries: a cell (or total) of a query with active filters S is suppressed when, for any
  S' ⊂ S (the same query with some filters removed, all of them included), the S' value minus the
  S value is 1..4 — the small group would fall out by subtraction;
- periods: aggregate-only viewers get calendar years, half-years, quarters and months only, and a
  shorter period is checked against each enclosing calendar period the same way.

This module works on the engine's value objects by their attributes (Period.start/end,
Filters.without()/active(), Figure.total/cells/labels/breakdown), so its rules are testable with
hand-built numbers; `reference` defaults to apps.reports.engine.compute.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from itertools import combinations

from django.utils.translation import gettext_lazy as _

from apps.accounts.selectors import organisation_ids_with

THRESHOLD = 5
SMALL = "<5"
# Withheld although not small itself (secondary or overlap suppression): says nothing about the size.
WITHHELD = "×"


# --- Who sees raw figures ----------------------------------------------------------------

def drilldown_organisation_ids(user) -> set[int]:
    """Organisations where the user may open the records behind a figure."""
    return set(organisation_ids_with(user, "report.drilldown")) & set(organisation_ids_with(user, "case.read"))


def sees_raw(user, filters) -> bool:
    """Raw figures (and drill-down) only when every organisation the figure covers is one whose
    cases the user reads anyway: the filter names organisations, all of them within reach."""
    wanted = set(filters.organisation_ids)
    return bool(wanted) and wanted <= drilldown_organisation_ids(user)


# --- Calendar periods --------------------------------------------------------------------

def _month_end(year: int, month: int) -> date:
    return (date(year + month // 12, month % 12 + 1, 1)) - timedelta(days=1)


def calendar_kind(start: date, end: date) -> str | None:
    """"year", "half", "quarter" or "month" when start..end is exactly one, else None."""
    if start.day != 1 or start.year != end.year or end != _month_end(end.year, end.month):
        return None
    months = end.month - start.month + 1
    kinds = {12: ("year", 1), 6: ("half", 6), 3: ("quarter", 3), 1: ("month", 1)}
    if months not in kinds:
        return None
    kind, step = kinds[months]
    return kind if (start.month - 1) % step == 0 else None


def is_calendar_period(period) -> bool:
    return calendar_kind(period.start, period.end) is not None


def enclosing_periods(period) -> list:
    """The longer calendar periods containing a calendar period (a month: its quarter, half-year
    and year), built with the period's own class."""
    kind = calendar_kind(period.start, period.end)
    order = ["month", "quarter", "half", "year"]
    if kind is None:
        return []
    year, month = period.start.year, period.start.month
    result = []
    for longer, months in (("quarter", 3), ("half", 6), ("year", 12)):
        if order.index(longer) <= order.index(kind):
            continue
        first = (month - 1) // months * months + 1
        result.append(type(period)(start=date(year, first, 1), end=_month_end(year, first + months - 1)))
    return result


def calendar_period_choices(years) -> list[tuple[str, str]]:
    """Choices "2025", "2025-H1", "2025-Q3", "2025-07" with their words, newest year first."""
    from django.utils.dates import MONTHS

    choices = []
    for year in years:
        choices.append((f"{year}", str(_("Year %(year)s") % {"year": year})))
        for half in (1, 2):
            choices.append((f"{year}-H{half}", str(_("%(n)s. half-year %(year)s") % {"n": half, "year": year})))
        for quarter in (1, 2, 3, 4):
            choices.append((f"{year}-Q{quarter}", str(_("%(n)s. quarter %(year)s") % {"n": quarter, "year": year})))
        for month in range(1, 13):
            choices.append((f"{year}-{month:02d}", f"{MONTHS[month]} {year}"))
    return choices


def parse_calendar_period(code: str) -> tuple[date, date] | None:
    """The dates of a choice from calendar_period_choices(), or None when it is not one."""
    try:
        if len(code) == 4:
            year = int(code)
            return date(year, 1, 1), date(year, 12, 31)
        year, rest = int(code[:4]), code[5:]
        if code[4] != "-":
            return None
        if rest[:1] == "H" and rest[1:] in ("1", "2"):
            first, months = (int(rest[1]) - 1) * 6 + 1, 6
        elif rest[:1] == "Q" and rest[1:] in ("1", "2", "3", "4"):
            first, months = (int(rest[1]) - 1) * 3 + 1, 3
        elif len(rest) == 2 and rest.isdigit() and 1 <= int(rest) <= 12:
            first, months = int(rest), 1
        else:
            return None
        if not 1900 <= year <= 9999:
            return None
        return date(year, first, 1), _month_end(year, first + months - 1)
    except (ValueError, IndexError):
        return None


# --- Protection ----------------------------------------------------------------------------

@dataclass
class Cell:
    key: str
    label: str
    value: int | Decimal | None  # None when withheld from this viewer
    suppressed: bool = False
    display: str = ""  # "<5", "×" or "" (the value, formatted by the template)


@dataclass
class Protected:
    """A figure as one viewer may see it."""

    code: str
    breakdown: str | None
    raw: bool
    total: Cell
    cells: list[Cell] = field(default_factory=list)

    @property
    def any_suppressed(self) -> bool:
        return self.total.suppressed or any(cell.suppressed for cell in self.cells)


def _is_count(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _small(value) -> bool:
    return _is_count(value) and 0 < value < THRESHOLD


def _secondary(values: dict[str, int], suppressed: set[str], total, total_suppressed: bool) -> tuple[set, bool]:
    """Suppress further smallest non-zero cells until ≥ 2 are and they hold ≥ 5; else the total."""
    if not suppressed or total is None or total_suppressed:
        return suppressed, total_suppressed
    suppressed = set(suppressed)
    candidates = sorted((v, k) for k, v in values.items() if k not in suppressed and _is_count(v) and v > 0)

    def enough() -> bool:
        return len(suppressed) >= 2 and sum(values[k] for k in suppressed if _is_count(values[k])) >= THRESHOLD

    while not enough() and candidates:
        suppressed.add(candidates.pop(0)[1])
    return suppressed, total_suppressed or not enough()


Reference = Callable[..., object]  # (code, period, filters, *, breakdown) -> Figure


def _reference_figures(figure, period, filters, reference: Reference) -> list:
    """The same query with filters removed (every proper subset) and over enclosing periods."""
    active = tuple(filters.active())
    subsets = [filters.without(*removed) for size in range(1, len(active) + 1)
               for removed in combinations(active, size)]
    queries = [(period, subset) for subset in subsets]
    queries += [(longer, variant) for longer in enclosing_periods(period) for variant in [filters, *subsets]]
    return [reference(figure.code, p, f, breakdown=figure.breakdown) for p, f in queries]


def protect(figure, period, filters, *, raw: bool, reference: Reference | None = None) -> Protected:
    """The figure as a viewer sees it: unchanged when `raw`, otherwise under every rule above."""
    labels = figure.labels or {}
    keys = list(figure.cells)
    if raw:
        return Protected(figure.code, figure.breakdown, True, Cell("", "", figure.total),
                         [Cell(k, labels.get(k, k), figure.cells[k]) for k in keys])
    if getattr(figure, "unit", "count") != "count":
        return _protect_statistic(figure, labels, keys)
    if reference is None:
        from apps.reports.engine import compute as reference
    suppressed = {k for k in keys if _small(figure.cells[k])}
    total_suppressed = _small(figure.total)
    for other in _reference_figures(figure, period, filters, reference):
        if _small_difference(other.total, figure.total):
            total_suppressed = True
        for key in keys:
            if _small_difference(other.cells.get(key, 0), figure.cells[key]):
                suppressed.add(key)
    suppressed, total_suppressed = _secondary(figure.cells, suppressed, figure.total, total_suppressed)
    if total_suppressed and figure.additive and not suppressed:
        # A hidden total of disjoint counts would otherwise be the sum of the shown cells.
        nonzero = sorted((v, k) for k, v in figure.cells.items() if _is_count(v) and v > 0)
        suppressed = {nonzero[0][1]} if nonzero else suppressed
    return Protected(
        figure.code, figure.breakdown, False, _shown("", "", figure.total, total_suppressed),
        [_shown(k, labels.get(k, k), figure.cells[k], k in suppressed) for k in keys],
    )


def _protect_statistic(figure, labels: dict, keys: list) -> Protected:
    """A mean, share or median over fewer than 5 records (or an unknown number) is withheld
    whole: it would tell the values of the few records behind it. Counts shown beside it
    (a share's "in time"/"late") follow the count rules cell by cell."""
    basis = getattr(figure, "basis", None)
    if basis is not None and (basis == 0 or basis >= THRESHOLD):
        withheld = {k for k in keys if _small(figure.cells[k])}
        withheld, _hidden = _secondary(figure.cells, withheld, basis, False)
        return Protected(figure.code, figure.breakdown, False, _shown("", "", figure.total, False),
                         [_shown(k, labels.get(k, k), figure.cells[k], k in withheld) for k in keys])
    return Protected(
        figure.code, figure.breakdown, False, Cell("", "", None, True, SMALL),
        [Cell(k, labels.get(k, k), None, True, SMALL) for k in keys],
    )


def _small_difference(broader, narrower) -> bool:
    return _is_count(broader) and _is_count(narrower) and 0 < broader - narrower < THRESHOLD


def _shown(key: str, label: str, value, suppressed: bool) -> Cell:
    if not suppressed:
        return Cell(key, label, value)
    return Cell(key, label, None, True, SMALL if _small(value) else WITHHELD)


class CachedReference:
    """engine.compute with a memory: one page asks for the same reference query many times."""

    def __init__(self, compute: Reference | None = None):
        if compute is None:
            from apps.reports.engine import compute
        self._compute = compute
        self._cache: dict = {}

    def __call__(self, code, period, filters, *, breakdown=None):
        key = (code, period, filters, breakdown)
        if key not in self._cache:
            self._cache[key] = self._compute(code, period, filters, breakdown=breakdown)
        return self._cache[key]
