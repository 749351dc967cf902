"""The indicator engine: figures for any period and filter, and the records behind them.

An indicator is a row of `reports.Indicator` (code, titles, definition, source, verified flag)
plus the Python code registered under the same code in `apps.reports.indicators`, which counts
with a fixed, small number of aggregate queries on the reporting database. This module is the
API dashboards, disclosure control, exports and the API build on (issue 11 context file).
"""

from __future__ import annotations

import dataclasses
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import connections, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from apps.core.db import reporting_alias

AGE_GROUPS = ("under_18", "18_60", "over_60", "unknown")
FILTER_NAMES = ("organisation_ids", "office_ids", "district_ids", "nationalities", "sexes", "age_groups")


class IndicatorError(ValueError):
    """An unknown indicator or breakdown, or an unusable period; the message is translated."""


@dataclass(frozen=True)
class Period:
    """Inclusive local dates."""

    start: date
    end: date

    def __post_init__(self):
        if self.end < self.start:
            raise IndicatorError(_("The period ends before it starts."))


@dataclass(frozen=True)
class Filters:
    organisation_ids: tuple[int, ...] = ()
    office_ids: tuple[int, ...] = ()
    district_ids: tuple[int, ...] = ()
    nationalities: tuple[str, ...] = ()   # ISO 3166 alpha-2: the person holds that nationality
    sexes: tuple[str, ...] = ()           # clients.Person.Sex codes
    age_groups: tuple[str, ...] = ()      # AGE_GROUPS

    def __post_init__(self):
        unknown = set(self.age_groups) - set(AGE_GROUPS)
        if unknown:
            raise IndicatorError(_("Unknown age group: %(groups)s") % {"groups": ", ".join(sorted(unknown))})

    def without(self, *names: str) -> Filters:
        """The same filters minus some (disclosure control compares overlapping queries)."""
        unknown = set(names) - set(FILTER_NAMES)
        if unknown:
            raise IndicatorError(_("Unknown filter: %(names)s") % {"names": ", ".join(sorted(unknown))})
        return dataclasses.replace(self, **dict.fromkeys(names, ()))

    def active(self) -> tuple[str, ...]:
        """Names of the filters that are set, in FILTER_NAMES order."""
        return tuple(name for name in FILTER_NAMES if getattr(self, name))


@dataclass
class Figure:
    code: str
    total: int | Decimal | None
    cells: dict[str, int | Decimal] = field(default_factory=dict)  # breakdown key -> value
    labels: dict[str, str] = field(default_factory=dict)           # breakdown key -> words
    breakdown: str | None = None
    additive: bool = True             # total == sum(cells): counts of disjoint units
    # Filters that were set but do not apply to this indicator (its definition says why);
    # they were ignored consistently, so the figure equals the one without them.
    ignored_filters: tuple[str, ...] = ()
    unit: str = "count"               # "count", "mean" (0..1 score), "percent", "days"
    # How many records a mean, share or median rests on (None for counts): a mean of two
    # surveys would tell each person's score, so disclosure control withholds it below 5.
    basis: int | None = None


def _registry():
    from apps.reports.indicators import REGISTRY

    return REGISTRY


def _spec(code: str):
    try:
        return _registry()[code]
    except KeyError:
        raise IndicatorError(_("Unknown indicator: %(code)s") % {"code": code}) from None


def codes() -> list[str]:
    """Every indicator that has counting code (active or not)."""
    return list(_registry())


def breakdowns(code: str) -> list[str]:
    """The breakdowns an indicator supports (keys of Figure.breakdown)."""
    return list(_spec(code).breakdowns)


def ignored_filters(code: str) -> tuple[str, ...]:
    """Filters that never apply to this indicator."""
    return _spec(code).ignored


def compute(code: str, period: Period, filters: Filters, *, breakdown: str | None = None) -> Figure:
    spec = _spec(code)
    if breakdown is not None and breakdown not in spec.breakdowns:
        raise IndicatorError(_("The indicator %(code)s cannot be broken down by %(breakdown)s.")
                             % {"code": code, "breakdown": breakdown})
    with _reporting_transaction():
        figure = spec.figure(period, filters, breakdown)
    figure.ignored_filters = tuple(name for name in filters.active() if name in spec.ignored)
    return figure


@contextmanager
def _reporting_transaction():
    """On PostgreSQL the counting runs in a transaction with more memory per sort or hash
    (SET LOCAL ends with it): grouping hundreds of thousands of persons then stays in memory
    instead of spilling to disk. Other databases have no such setting."""
    alias = reporting_alias()
    if connections[alias].vendor != "postgresql":
        yield
        return
    with transaction.atomic(using=alias):
        with connections[alias].cursor() as cursor:
            cursor.execute("SET LOCAL work_mem = '64MB'")
        yield


def _compute_closing(code: str, period: Period, filters: Filters, breakdown: str | None) -> Figure:
    try:
        return compute(code, period, filters, breakdown=breakdown)
    finally:
        # A worker thread opened its own connection: close it, or PostgreSQL keeps it.
        connections.close_all()


def compute_all(period: Period, filters: Filters) -> list[Figure]:
    """Every active indicator (in its order) with its default breakdown.

    On PostgreSQL the queries run concurrently, each thread on its own connection; SQLite has
    a single writer and little to gain, so it runs them one after the other."""
    from apps.reports.indicators.catalogue import indicators_active

    registry = _registry()
    rows = [row for row in indicators_active() if row.code in registry]
    jobs = [(row.code, row.default_breakdown or None) for row in rows]
    jobs = [(c, b if b in registry[c].breakdowns else None) for c, b in jobs]
    connection = connections[reporting_alias()]
    # Other threads cannot see the rows of an open transaction (a test, an atomic request):
    # then the queries run in this thread.
    if connection.vendor != "postgresql" or connection.in_atomic_block or len(jobs) < 2:
        return [compute(c, period, filters, breakdown=b) for c, b in jobs]
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = [pool.submit(_compute_closing, c, period, filters, b) for c, b in jobs]
        return [f.result() for f in futures]


def drilldown(code: str, period: Period, filters: Filters, user, *, cell: str | None = None,
              breakdown: str | None = None) -> QuerySet:
    """The records behind a figure (or one of its cells), limited to what `user` may read:
    records of organisations where the user holds report.drilldown, and within them only what
    the app's own selector shows (restricted cases only to those allowed). The caller audits.

    `cell` is a key of the figure's breakdown: `breakdown`, or the indicator's default one."""
    spec = _spec(code)
    if cell is not None:
        breakdown = breakdown or spec.default_breakdown
        if breakdown not in spec.breakdowns:
            raise IndicatorError(_("The indicator %(code)s cannot be broken down by %(breakdown)s.")
                                 % {"code": code, "breakdown": breakdown})
    return spec.drilldown(period, filters, user, cell, breakdown)
