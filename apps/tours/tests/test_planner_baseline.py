"""CP-SAT against its greedy baseline: never worse, the baseline kept when the solver finds
nothing, and the same plan on every run when a deterministic work limit ends the search.

No test depends on the machine's speed: each run ends at its optimum or at a work limit
(CP-SAT's deterministic time), with a wall-clock limit far beyond either."""

from collections import Counter
from datetime import date

from apps.tours.planner import Counsellor, Location, Problem, Rule, greedy, solve, working_days

GENEROUS = 600  # seconds: a safety net only, never what ends a run here

HOMES = [(49.7477, 6.6634), (49.3177, 8.4310), (50.3569, 7.5890)]  # Trier, Speyer, Koblenz
PLACES = [  # (district AGS, lat, lon): two locations in some districts
    ("07211", 49.7596, 6.6439), ("07232", 49.9740, 6.5260), ("07235", 49.6100, 6.5900),
    ("07318", 49.3165, 8.4312), ("07314", 49.4770, 8.4450), ("07338", 49.4300, 8.3000),
    ("07111", 50.3569, 7.5890), ("07137", 50.4300, 7.4600), ("07141", 50.3300, 7.8500),
    ("07232", 50.0800, 6.4000), ("07338", 49.3800, 8.2500), ("07137", 50.3000, 7.3000),
]


def _instance(**kwargs) -> Problem:
    """Two months, three counsellors, twelve locations in nine districts: small enough for a
    proven optimum, big enough that the nearest-first greedy plan is clearly not optimal."""
    counsellors = [Counsellor(i, f"C{i}", lat, lon) for i, (lat, lon) in enumerate(HOMES, start=1)]
    locations = [Location(10 + i, f"L{i}", ags, lat, lon, demand_weight=1.0 + (i % 3) / 2)
                 for i, (ags, lat, lon) in enumerate(PLACES)]
    days = working_days(date(2026, 3, 2), date(2026, 4, 30))
    return Problem(days, counsellors, locations, sorted({ags for ags, _lat, _lon in PLACES}), **kwargs)


def _assert_valid(problem, plan):
    counsellors = {c.id: c for c in problem.counsellors}
    locations = {location.id: location for location in problem.locations}
    assert max(Counter((v.counsellor_id, v.date) for v in plan.visits).values(), default=0) <= 1
    for visit in plan.visits:
        counsellor, location = counsellors[visit.counsellor_id], locations[visit.location_id]
        assert visit.date in problem.days and counsellor.works_on(visit.date) and location.open_on(visit.date)
        assert visit.district == location.district
        if not visit.pinned:
            assert problem.round_trip(counsellor, location) <= counsellor.max_travel_minutes


def test_the_plan_is_at_least_as_good_as_greedy_in_coverage_and_travel():
    problem = _instance()
    baseline = greedy(problem)
    plan = solve(problem, time_limit=GENEROUS, work_limit=50, workers=1, start=baseline)
    _assert_valid(problem, plan)
    assert plan.figures.status == "optimal" and plan.figures.gap == 0.0
    assert baseline.figures.uncovered == [] and plan.figures.uncovered == []
    assert plan.figures.districts_covered == baseline.figures.districts_covered == 9
    assert plan.figures.demand_served >= baseline.figures.demand_served == baseline.figures.demand_desired
    # No location needs a language here, so the objective is travel plus shortfalls.
    assert plan.figures.travel_hours < baseline.figures.travel_hours
    assert plan.figures.objective < baseline.figures.objective


def test_the_grouped_days_respect_weekdays_absences_and_rules():
    """Visits are counted per group of interchangeable days and dated afterwards: the dates
    must still fall on open weekdays and working days, and pins and forbids hold exactly."""
    problem = _instance()
    problem.counsellors[0] = Counsellor(1, "C1", *HOMES[0], weekdays=frozenset({0, 1, 2}),
                                        absences=((date(2026, 3, 9), date(2026, 3, 20)),))
    problem.locations[1] = Location(11, "Bitburg", "07232", 49.974, 6.526, demand_weight=3,
                                    weekdays=frozenset({1, 3}))
    pin, forbid = Rule("pin", date(2026, 3, 24), 3, 10), Rule("forbid", date(2026, 4, 7), 1, None)
    problem.rules = [pin, forbid]
    plan = solve(problem, time_limit=GENEROUS, work_limit=50, workers=1)
    _assert_valid(problem, plan)
    assert plan.figures.status == "optimal"
    assert any(v.date == pin.date and v.counsellor_id == 3 and v.location_id == 10 and v.pinned for v in plan.visits)
    assert not any(v.date == forbid.date and v.counsellor_id == 1 for v in plan.visits)
    assert all(v.date.weekday() in (1, 3) for v in plan.visits if v.location_id == 11)
    assert plan.figures.objective <= greedy(problem).figures.objective


def test_the_greedy_plan_is_kept_when_the_solver_finds_nothing():
    problem = _instance()
    baseline = greedy(problem)
    plan = solve(problem, time_limit=GENEROUS, work_limit=0, workers=1, start=baseline)
    assert plan.figures.status == "unknown, start plan kept"
    assert plan.visits == baseline.visits
    assert plan.figures.objective == baseline.figures.objective
    assert plan.figures.travel_hours == baseline.figures.travel_hours
    assert plan.figures.bound is None and plan.figures.method == "cp-sat"


def test_a_start_plan_that_is_already_optimal_is_returned_unchanged_in_value():
    problem = _instance()
    best = solve(problem, time_limit=GENEROUS, work_limit=50, workers=1)
    again = solve(problem, time_limit=GENEROUS, work_limit=50, workers=1, start=best)
    assert again.figures.objective == best.figures.objective and again.figures.status == "optimal"


def _quarter() -> Problem:
    """A quarter with six counsellors and forty locations in twenty districts (a grid over
    the state's extent), some needing Arabic: the solver needs a little search here."""
    locations = [Location(100 + i, f"L{i}", f"D{i // 2:02d}", 49.05 + (i * 7 % 40) / 40 * 1.8,
                          6.2 + (i * 13 % 40) / 40 * 2.2, demand_weight=1 + (i % 4) / 2,
                          languages=frozenset({"ar"}) if i % 5 == 0 else frozenset()) for i in range(40)]
    counsellors = [Counsellor(j + 1, f"C{j}", 49.2 + (j * 0.3) % 1.6, 6.5 + (j * 0.37) % 2.0, max_travel_minutes=300,
                              languages=frozenset({"ar"}) if j % 2 else frozenset()) for j in range(6)]
    days = working_days(date(2026, 1, 5), date(2026, 4, 3))
    return Problem(days, counsellors, locations, sorted({location.district for location in locations}))


def test_the_same_plan_on_every_run_under_a_work_limit():
    """One worker and a work limit that ends the search before its optimum (status feasible:
    the limit, not convergence, decided where it stopped): identical plans, run after run;
    and identical optimal plans with a limit that lets it finish."""
    problem = _quarter()
    baseline = greedy(problem)
    cut = [solve(problem, time_limit=GENEROUS, work_limit=0.003, workers=1, start=baseline) for _ in range(2)]
    assert cut[0].figures.status == "feasible"
    assert cut[0].visits == cut[1].visits and cut[0].figures.as_dict() | {"seconds": 0} == \
        cut[1].figures.as_dict() | {"seconds": 0}
    assert cut[0].figures.objective <= baseline.figures.objective
    full = [solve(problem, time_limit=GENEROUS, work_limit=50, workers=1, start=baseline) for _ in range(2)]
    assert full[0].figures.status == "optimal" and full[0].visits == full[1].visits
    assert full[0].figures.objective < baseline.figures.objective
    _assert_valid(problem, full[0])
