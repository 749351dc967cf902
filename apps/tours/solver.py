"""The CP-SAT model of the tour planner (see apps.tours.planner for the problem).

Days are grouped: the working days of one calendar month on which the same locations are
open are interchangeable (a location's availability depends on the weekday only, the
coverage rule on the month only, a counsellor's working days only limit how many of them
they have), so the model counts visits per group instead of choosing a location per day:
y[c, g, l] ∈ 0..(days of group g that counsellor c works) is how many of those days c spends
at location l, and c's visits in g sum to at most the days c works in g. A date that a pin
or forbid names is a group of its own, so rules stay exact. This model has the same optimum
as the day-by-day one but is up to twenty times smaller and has none of its symmetry (which
day of the month gets which visit): one core proves the optimum of a quarter in seconds,
where the day model stayed 12 % above its bound after 30 s. The counts are turned back into
dated visits afterwards (any day of the group will do).

The search starts from a start plan (the greedy one) as a complete hint, its objective is an
upper bound of the model (a solution can only be better), and the search ends at a
deterministic work limit (`max_deterministic_time`, the same on a busy and an idle machine)
or at the wall-clock limit, whichever comes first. If CP-SAT returns nothing better, the
start plan is returned: never worse, by construction rather than by timing.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from datetime import date

from apps.tours.planner import (
    COVERAGE_PENALTY,
    Plan,
    Problem,
    Visit,
    _options,
    _usable_pins,
    evaluate,
)

Group = tuple  # ("YYYY-MM", n) for the n-th set of open locations, or (date,) for a ruled date


def _groups(problem: Problem) -> dict[date, Group]:
    """Each day's group: its month and which locations are open that day (weekdays with the
    same open locations are one group), or the day alone when a rule names it."""
    ruled = {rule.date for rule in problem.rules}
    signatures: dict[tuple[int, ...], int] = {}
    groups = {}
    for day in problem.days:
        if day in ruled:
            groups[day] = (day,)
            continue
        signature = tuple(sorted(location.id for location in problem.locations if location.open_on(day)))
        groups[day] = (f"{day:%Y-%m}", signatures.setdefault(signature, len(signatures)))
    return groups


def _month_of(group: Group) -> str:
    return f"{group[0]:%Y-%m}" if isinstance(group[0], date) else group[0]


class GroupedModel:
    """The CP-SAT model over day groups, with a way back to dated visits."""

    def __init__(self, problem: Problem):
        from ortools.sat.python import cp_model

        self.problem = problem
        self.options, self.conflicts = _options(problem)
        self.group = _groups(problem)
        # (counsellor, group, location) → the days of the group on which that visit is allowed
        self.days_of: dict[tuple[int, Group, int], list[date]] = defaultdict(list)
        for counsellor_id, day, location_id in sorted(self.options):
            self.days_of[(counsellor_id, self.group[day], location_id)].append(day)
        # (counsellor, group) → the days of the group with any allowed visit (capacity)
        capacity: dict[tuple[int, Group], set[date]] = defaultdict(set)
        for (counsellor_id, group, _location_id), days in self.days_of.items():
            capacity[(counsellor_id, group)].update(days)
        self.capacity = {key: sorted(days) for key, days in capacity.items()}
        self.district = {location.id: location.district for location in problem.locations}

        model = self.model = cp_model.CpModel()
        self.y = {key: model.NewIntVar(0, len(days), f"y_{key[0]}_{_label(key[1])}_{key[2]}")
                  for key, days in self.days_of.items()}
        by_capacity: dict[tuple[int, Group], list] = defaultdict(list)
        by_location: dict[int, list] = defaultdict(list)
        by_district_month: dict[tuple[str, str], list] = defaultdict(list)
        for (counsellor_id, group, location_id), var in self.y.items():
            by_capacity[(counsellor_id, group)].append(var)
            by_location[location_id].append(var)
            by_district_month[(self.district[location_id], _month_of(group))].append(var)
        for key, variables in by_capacity.items():
            if len(variables) > 1:  # a single variable's upper bound already is the capacity
                model.Add(sum(variables) <= len(self.capacity[key]))
        self.pinned: set[tuple[int, date, int]] = set()
        for _pin, keys in _usable_pins(problem, self.options):
            # A ruled date is a group of its own, so these variables are 0/1.
            model.Add(sum(self.y[(c, self.group[day], loc)] for c, day, loc in keys) >= 1)
            self.pinned.update(keys)
        # A visit's cost depends on counsellor and location only, not on the day.
        terms = [self.options[(key[0], days[0], key[2])] * self.y[key] for key, days in self.days_of.items()]
        # shortfall variables with (what is required, the counted variables), for the hint
        self.shortfalls: list[tuple[object, int, list]] = []
        for ags in problem.districts:
            for month in problem.required_months():
                counted = by_district_month.get((ags, month), [])
                slack = model.NewIntVar(0, problem.k, f"slack_{ags}_{month}")
                model.Add(sum(counted) + slack >= problem.k)
                terms.append(COVERAGE_PENALTY * slack)
                self.shortfalls.append((slack, problem.k, counted))
        for location in problem.locations:
            desired = problem.desired_visits(location)
            if desired <= 0:
                continue
            counted = by_location.get(location.id, [])
            unmet = model.NewIntVar(0, desired, f"unmet_{location.id}")
            model.Add(sum(counted) + unmet >= desired)
            terms.append(problem.unmet_penalty * unmet)
            self.shortfalls.append((unmet, desired, counted))
        self.objective = sum(terms)
        model.Minimize(self.objective)

    def counts_of(self, visits: list[Visit]) -> dict[tuple[int, Group, int], int]:
        counts: dict[tuple[int, Group, int], int] = defaultdict(int)
        for visit in visits:
            counts[(visit.counsellor_id, self.group[visit.date], visit.location_id)] += 1
        return counts

    def hint(self, visits: list[Visit]) -> bool:
        """Hint the start plan completely (its counts and the shortfalls they leave); False
        when the plan is not a solution of this model (a visit it does not allow)."""
        counts = self.counts_of(visits)
        if any(key not in self.y or n > len(self.days_of[key]) for key, n in counts.items()):
            return False
        values = {id(var): counts.get(key, 0) for key, var in self.y.items()}
        for var in self.y.values():
            self.model.AddHint(var, values[id(var)])
        for shortfall, needed, counted in self.shortfalls:
            self.model.AddHint(shortfall, max(0, needed - sum(values[id(var)] for var in counted)))
        return True

    def visits(self, value) -> list[Visit]:
        """Dated visits from the solver's counts: each count takes the earliest free allowed
        days of its group (all days of a group are equivalent for the objective)."""
        used: set[tuple[int, date]] = set()
        visits = []
        for key in sorted(self.y, key=lambda k: (k[0], str(k[1]), k[2])):
            count = value(self.y[key])
            counsellor_id, _group, location_id = key
            for day in self.days_of[key]:
                if count <= 0:
                    break
                if (counsellor_id, day) in used:
                    continue
                used.add((counsellor_id, day))
                visits.append(Visit(day, counsellor_id, location_id, self.district[location_id],
                                    pinned=(counsellor_id, day, location_id) in self.pinned
                                    or _is_pinned(self.problem, day, location_id)))
                count -= 1
            if count > 0:  # cannot happen while all days of a group allow the same visits
                raise RuntimeError(f"visits of {key} do not fit into their days")
        return sorted(visits, key=lambda v: (v.date, v.counsellor_id))


def _label(group: Group) -> str:
    return f"{group[0]:%Y%m%d}" if isinstance(group[0], date) else f"{group[0]}w{group[1]}"


def _is_pinned(problem: Problem, day: date, location_id: int) -> bool:
    return any(rule.kind == "pin" and rule.date == day and rule.location_id == location_id for rule in problem.rules)


def solve(problem: Problem, *, time_limit: float = 20.0, work_limit: float | None = None, workers: int = 1,
          start: Plan | None = None) -> Plan:
    """The optimised plan: CP-SAT from `start` (default: the greedy plan) until its
    deterministic `work_limit` (None: none) or `time_limit` seconds of wall time; never worse
    than `start`. With one worker and a work limit that ends the search before the wall
    clock does, the plan is the same on every run and machine load."""
    from ortools.sat.python import cp_model

    from apps.tours.planner import greedy

    started = time.monotonic()
    start = start or greedy(problem)
    grouped = GroupedModel(problem)
    if grouped.hint(start.visits):
        # Only solutions at least as good as the start plan are of interest.
        grouped.model.Add(grouped.objective <= start.figures.objective)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.01, float(time_limit))
    if work_limit is not None:
        solver.parameters.max_deterministic_time = max(0.0, float(work_limit))
    solver.parameters.num_workers = max(1, int(workers))
    solver.parameters.random_seed = 1
    result = solver.Solve(grouped.model)
    status = solver.StatusName(result).lower()
    found = result in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    bound = math.ceil(solver.BestObjectiveBound() - 1e-6) if found else None
    if found and round(solver.ObjectiveValue()) <= start.figures.objective:
        visits, objective = grouped.visits(solver.Value), round(solver.ObjectiveValue())
    else:
        # Nothing (better) found within the limits: the start plan stands, with its figures.
        visits, objective = list(start.visits), None
        if not found:
            status = f"{status}, start plan kept"
    figures = evaluate(problem, visits, method="cp-sat", status=status, seconds=time.monotonic() - started,
                       objective=objective, bound=bound, conflicts=grouped.conflicts)
    figures.work = round(solver.response_proto.deterministic_time, 2)
    return Plan(visits, figures)
