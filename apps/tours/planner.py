"""The tour planner: which counsellor counsels at which location on which day.

Pure Python on dataclasses (no database), so that the web view, the command, the API and
the benchmark share it and tests need no fixtures.

Model (Google OR-Tools CP-SAT, built in apps.tours.solver, which counts the visits per group
of interchangeable days instead of deciding each day; the meaning is the same):
- x[c, d, l] ∈ {0, 1}: counsellor c counsels at location l on day d. A variable exists only
  where it is allowed: d is a working day of c (weekday, not absent), l is available on
  that weekday, the round trip home → l → home is at most c's daily travel limit, and no
  forbid rule names it. Pins force their variable (or, without a counsellor, one of the
  location's variables that day) to 1 — even beyond the travel limit: the team lead decided.
- At most one location per counsellor and day.
- Coverage: every district gets at least `k` visits in every calendar month of the period
  that has at least MIN_WORKING_DAYS_FOR_MONTH working days in the period (a month that only
  brushes the period is not required). The rule is hard in spirit but modelled with a slack
  per district and month that costs COVERAGE_PENALTY: an instance that cannot be covered
  (a district without a reachable location) still gets a plan, and the districts and months
  that stay uncovered are reported.
- Languages: an interpreter can be booked for any language, so a location whose needed
  languages are not all spoken by the counsellor is allowed, at LANGUAGE_PENALTY minutes
  per visit (the interpreter's cost and the loss of a direct conversation).
- Demand: a location with weight w desires round(w × working days / 20) visits in the
  period (weight 1 ≈ once a month); every desired visit that is not planned costs
  `unmet_penalty` minutes (default 300: one unmet visit weighs like five hours of driving).
- Objective: minimise travel minutes (round trips) + language penalties + unmet demand +
  uncovered district-months, all integers (minutes).

Travel time (one way) = great-circle distance × ROAD_FACTOR (1.3) / AVERAGE_SPEED_KMH (70)
× 60 minutes; a round trip is twice that. A measured matrix replaces it where it has an
entry: see TravelMatrix.load (CSV `origin,destination,minutes`, one way, symmetric).

The greedy baseline (nearest location first, favouring districts not yet covered this
month) is shown for comparison, and CP-SAT starts from it (a complete solution hint, its
objective an upper bound): the proposed plan is never worse than the baseline, even when a
limit ends the search before CP-SAT found anything better (then the baseline's visits are
proposed, with its figures). The search ends at a deterministic work limit (CP-SAT's
machine-independent "deterministic time"; WORK_PER_SECOND per second of the time limit) or
at the wall-clock time limit, whichever comes first: on an idle or moderately loaded core the
work limit comes first, so the same input gives the same plan however busy the server is.
"""

from __future__ import annotations

import csv
import math
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from pathlib import Path

ROAD_FACTOR = 1.3
AVERAGE_SPEED_KMH = 70.0
EARTH_RADIUS_KM = 6371.0
LANGUAGE_PENALTY = 30
COVERAGE_PENALTY = 100_000
DEFAULT_UNMET_PENALTY = 300
MIN_WORKING_DAYS_FOR_MONTH = 10
# CP-SAT's deterministic time per second of a time limit: one core of the 2-core benchmark
# machine did about 0.2 units a second idle and 0.05 under a load of 8 (docs/benchmarks.md),
# so the work limit, not the clock, ends a search unless the machine is badly overloaded.
WORK_PER_SECOND = 0.05
WORKING_WEEKDAYS = frozenset(range(5))


@dataclass(frozen=True)
class Counsellor:
    id: int
    name: str
    latitude: float
    longitude: float
    weekdays: frozenset[int] = WORKING_WEEKDAYS
    max_travel_minutes: int = 240  # round trip per day
    languages: frozenset[str] = frozenset()
    absences: tuple[tuple[date, date], ...] = ()
    home_key: str = ""  # key of the home in a travel-time matrix (e.g. its district AGS)

    def works_on(self, day: date) -> bool:
        return day.weekday() in self.weekdays and not any(start <= day <= end for start, end in self.absences)


@dataclass(frozen=True)
class Location:
    id: int
    name: str
    district: str  # AGS
    latitude: float
    longitude: float
    demand_weight: float = 1.0
    languages: frozenset[str] = frozenset()
    weekdays: frozenset[int] = frozenset()  # empty: every weekday

    def open_on(self, day: date) -> bool:
        return not self.weekdays or day.weekday() in self.weekdays


@dataclass(frozen=True)
class Rule:
    """A pin (this visit must happen) or a forbid (it must not). A pin names a location;
    a forbid names a counsellor, a location or both; None matches every one."""

    kind: str  # "pin" | "forbid"
    date: date
    counsellor_id: int | None = None
    location_id: int | None = None

    def matches(self, day: date, counsellor_id: int, location_id: int) -> bool:
        return (self.date == day and self.counsellor_id in (None, counsellor_id)
                and self.location_id in (None, location_id))


@dataclass(frozen=True)
class Visit:
    date: date
    counsellor_id: int
    location_id: int
    district: str
    pinned: bool = False


@dataclass
class Figures:
    method: str
    status: str
    districts_total: int
    districts_covered: int  # districts that meet the rule in every required month
    uncovered: list[list[str]]  # [AGS, "YYYY-MM"] pairs below the rule
    visits: int
    travel_hours: float
    demand_desired: int
    demand_served: int
    objective: int
    bound: int | None
    gap: float | None
    seconds: float
    conflicts: list[str] = field(default_factory=list)
    work: float | None = None  # CP-SAT's deterministic time (its machine-independent work units)

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class Problem:
    days: list[date]
    counsellors: list[Counsellor]
    locations: list[Location]
    districts: list[str]  # every district the rule applies to
    k: int = 1
    rules: list[Rule] = field(default_factory=list)
    travel: Callable[[Counsellor, Location], int] | None = None
    unmet_penalty: int = DEFAULT_UNMET_PENALTY

    def round_trip(self, counsellor: Counsellor, location: Location) -> int:
        return (self.travel or great_circle_travel)(counsellor, location)

    def required_months(self) -> dict[str, list[date]]:
        """"YYYY-MM" → the period's working days in that month, for months the rule applies to."""
        months: dict[str, list[date]] = defaultdict(list)
        for day in self.days:
            months[f"{day:%Y-%m}"].append(day)
        return {month: days for month, days in months.items() if len(days) >= MIN_WORKING_DAYS_FOR_MONTH}

    def desired_visits(self, location: Location) -> int:
        return round(location.demand_weight * len(self.days) / 20)


@dataclass
class Plan:
    visits: list[Visit]
    figures: Figures


# --- period and travel -------------------------------------------------------------------

def working_days(start: date, end: date, holidays: Iterable[date] = ()) -> list[date]:
    """Monday to Friday from start to end (inclusive), without the given public holidays."""
    closed = set(holidays)
    days, day = [], start
    while day <= end:
        if day.weekday() < 5 and day not in closed:
            days.append(day)
        day += timedelta(days=1)
    return days


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def one_way_minutes(lat1: float, lon1: float, lat2: float, lon2: float) -> int:
    return round(great_circle_km(lat1, lon1, lat2, lon2) * ROAD_FACTOR / AVERAGE_SPEED_KMH * 60)


def great_circle_travel(counsellor: Counsellor, location: Location) -> int:
    """Round trip minutes home → location → home."""
    return 2 * one_way_minutes(counsellor.latitude, counsellor.longitude, location.latitude, location.longitude)


class TravelMatrix:
    """Measured one-way travel times in minutes, keyed by (origin, destination) strings.

    The CSV has the header `origin,destination,minutes`. An origin is a counsellor's
    `home_key` (e.g. the AGS of the home office's district) or `counsellor:<id>`; a
    destination is `location:<id>` or a district AGS. Entries hold in both directions.
    Pairs without an entry fall back to the great-circle estimate."""

    def __init__(self, minutes: dict[tuple[str, str], int]):
        self.minutes = minutes

    @classmethod
    def load(cls, path: str | Path) -> TravelMatrix:
        minutes: dict[tuple[str, str], int] = {}
        with Path(path).open(newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                origin, destination = row["origin"].strip(), row["destination"].strip()
                value = round(float(row["minutes"]))
                if value < 0:
                    raise ValueError(f"negative travel time {origin} → {destination}")
                minutes[(origin, destination)] = value
                minutes.setdefault((destination, origin), value)
        return cls(minutes)

    def one_way(self, counsellor: Counsellor, location: Location) -> int | None:
        for origin in (f"counsellor:{counsellor.id}", counsellor.home_key):
            for destination in (f"location:{location.id}", location.district):
                if origin and (origin, destination) in self.minutes:
                    return self.minutes[(origin, destination)]
        return None

    def __call__(self, counsellor: Counsellor, location: Location) -> int:
        found = self.one_way(counsellor, location)
        return great_circle_travel(counsellor, location) if found is None else 2 * found


# --- what is allowed ---------------------------------------------------------------------

def _options(problem: Problem) -> tuple[dict[tuple[int, date, int], int], list[str]]:
    """(counsellor, day, location) → cost in minutes for every allowed or pinned visit,
    and the pins that cannot be honoured."""
    forbids = [rule for rule in problem.rules if rule.kind == "forbid"]
    pins = [rule for rule in problem.rules if rule.kind == "pin"]
    options: dict[tuple[int, date, int], int] = {}
    conflicts: list[str] = []
    day_set = set(problem.days)

    def cost(counsellor, location):
        extra = 0 if location.languages <= counsellor.languages else LANGUAGE_PENALTY
        return problem.round_trip(counsellor, location) + extra

    for counsellor in problem.counsellors:
        for location in problem.locations:
            trip = problem.round_trip(counsellor, location)
            if trip > counsellor.max_travel_minutes:
                continue
            for day in problem.days:
                if not (counsellor.works_on(day) and location.open_on(day)):
                    continue
                if any(rule.matches(day, counsellor.id, location.id) for rule in forbids):
                    continue
                options[(counsellor.id, day, location.id)] = cost(counsellor, location)
    counsellors = {c.id: c for c in problem.counsellors}
    locations = {location.id: location for location in problem.locations}
    for pin in pins:
        location = locations.get(pin.location_id)
        candidates = [counsellors[pin.counsellor_id]] if pin.counsellor_id in counsellors else (
            [] if pin.counsellor_id is not None else problem.counsellors)
        usable = [c for c in candidates if location and pin.date in day_set and c.works_on(pin.date)
                  and not any(r.matches(pin.date, c.id, location.id) for r in forbids)]
        if not usable:
            conflicts.append(f"pin {pin.date.isoformat()} location {pin.location_id} counsellor {pin.counsellor_id}")
            continue
        for counsellor in usable:
            options.setdefault((counsellor.id, pin.date, location.id), cost(counsellor, location))
    return options, conflicts


def _usable_pins(problem: Problem, options) -> list[tuple[Rule, list[tuple[int, date, int]]]]:
    found = []
    for pin in problem.rules:
        if pin.kind != "pin":
            continue
        keys = [key for key in options if key[1] == pin.date and key[2] == pin.location_id
                and pin.counsellor_id in (None, key[0])]
        if keys:
            found.append((pin, keys))
    return found


# --- figures -----------------------------------------------------------------------------

def evaluate(problem: Problem, visits: list[Visit], *, method: str, status: str, seconds: float,
             objective: int | None = None, bound: int | None = None, conflicts=()) -> Figures:
    """Key figures of a plan, computed the same way for the solver and the greedy baseline."""
    counsellors = {c.id: c for c in problem.counsellors}
    locations = {location.id: location for location in problem.locations}
    travel = sum(problem.round_trip(counsellors[v.counsellor_id], locations[v.location_id]) for v in visits)
    per_month: dict[tuple[str, str], int] = defaultdict(int)
    per_location: dict[int, int] = defaultdict(int)
    for visit in visits:
        per_month[(visit.district, f"{visit.date:%Y-%m}")] += 1
        per_location[visit.location_id] += 1
    uncovered = sorted([ags, month] for ags in problem.districts for month in problem.required_months()
                       if per_month[(ags, month)] < problem.k)
    desired = {location.id: problem.desired_visits(location) for location in problem.locations}
    served = sum(min(desired[lid], n) for lid, n in per_location.items())
    cost = sum(_visit_cost(problem, counsellors[v.counsellor_id], locations[v.location_id]) for v in visits)
    unmet = sum(desired.values()) - served
    slack = sum(problem.k - min(problem.k, per_month[(ags, month)]) for ags, month in uncovered)
    computed = cost + problem.unmet_penalty * unmet + COVERAGE_PENALTY * slack
    objective = computed if objective is None else objective
    gap = None
    if bound is not None:
        gap = round((objective - bound) / objective, 4) if objective else 0.0
    return Figures(
        method=method, status=status, districts_total=len(problem.districts),
        districts_covered=len(set(problem.districts) - {ags for ags, _m in uncovered}),
        uncovered=uncovered, visits=len(visits), travel_hours=round(travel / 60, 1),
        demand_desired=sum(desired.values()), demand_served=served, objective=objective,
        bound=bound, gap=gap, seconds=round(seconds, 2), conflicts=list(conflicts),
    )


def _visit_cost(problem: Problem, counsellor: Counsellor, location: Location) -> int:
    extra = 0 if location.languages <= counsellor.languages else LANGUAGE_PENALTY
    return problem.round_trip(counsellor, location) + extra


# --- CP-SAT ------------------------------------------------------------------------------

def solve(problem: Problem, *, time_limit: float = 20.0, work_limit: float | None = None, workers: int = 1,
          start: Plan | None = None) -> Plan:
    """The optimised plan, never worse than `start` (default: the greedy plan): CP-SAT with
    `workers` threads until its deterministic `work_limit` (default: WORK_PER_SECOND ×
    time_limit; 0 stops at once) or `time_limit` seconds, see apps.tours.solver."""
    if work_limit is None:
        work_limit = WORK_PER_SECOND * time_limit
    from apps.tours.solver import solve as solve_grouped

    return solve_grouped(problem, time_limit=time_limit, work_limit=work_limit, workers=workers, start=start)


# --- greedy baseline ---------------------------------------------------------------------

def greedy(problem: Problem) -> Plan:
    """Nearest location first for each counsellor and day, favouring districts still below
    the rule this month and locations with unmet demand; for comparison only."""
    started = time.monotonic()
    options, conflicts = _options(problem)
    locations = {location.id: location for location in problem.locations}
    desired = {location.id: problem.desired_visits(location) for location in problem.locations}
    per_month: dict[tuple[str, str], int] = defaultdict(int)
    per_location: dict[int, int] = defaultdict(int)
    busy: set[tuple[int, date]] = set()
    taken: set[tuple[date, int]] = set()
    visits: list[Visit] = []

    def take(counsellor_id, day, location_id, pinned=False):
        location = locations[location_id]
        visits.append(Visit(day, counsellor_id, location_id, location.district, pinned))
        busy.add((counsellor_id, day))
        taken.add((day, location_id))
        per_month[(location.district, f"{day:%Y-%m}")] += 1
        per_location[location_id] += 1

    for _pin, keys in _usable_pins(problem, options):
        free = [key for key in keys if (key[0], key[1]) not in busy]
        if free:
            take(*min(free, key=lambda key: options[key]), pinned=True)
    by_counsellor_day: dict[tuple[int, date], list[int]] = defaultdict(list)
    for counsellor_id, day, location_id in options:
        by_counsellor_day[(counsellor_id, day)].append(location_id)
    for day in problem.days:
        for counsellor in problem.counsellors:
            if (counsellor.id, day) in busy:
                continue
            month = f"{day:%Y-%m}"
            candidates = [lid for lid in by_counsellor_day.get((counsellor.id, day), ())
                          if (day, lid) not in taken]
            short = [lid for lid in candidates if per_month[(locations[lid].district, month)] < problem.k]
            wanted = [lid for lid in candidates if per_location[lid] < desired[lid]]
            pool = short or wanted
            if pool:
                take(counsellor.id, day, min(pool, key=lambda lid: (options[(counsellor.id, day, lid)], lid)))
    visits.sort(key=lambda v: (v.date, v.counsellor_id))
    figures = evaluate(problem, visits, method="greedy", status="heuristic",
                       seconds=time.monotonic() - started, conflicts=conflicts)
    return Plan(visits, figures)
