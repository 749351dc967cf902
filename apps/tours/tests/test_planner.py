"""The planner core on small in-memory instances (no database)."""

from collections import Counter
from datetime import date

import pytest

from apps.regions.holidays import public_holidays
from apps.tours.planner import (
    Counsellor,
    Location,
    Problem,
    Rule,
    TravelMatrix,
    great_circle_km,
    great_circle_travel,
    greedy,
    one_way_minutes,
    solve,
    working_days,
)

TRIER = (49.7596, 6.6439)
SPEYER = (49.3165, 8.4312)


def _problem(days=None, counsellors=None, locations=None, districts=None, **kwargs):
    days = days or working_days(date(2026, 3, 2), date(2026, 3, 27))
    counsellors = counsellors or [Counsellor(1, "A", *TRIER), Counsellor(2, "B", *SPEYER)]
    locations = locations or [
        Location(10, "Trier", "07211", *TRIER), Location(11, "Bitburg", "07232", 49.974, 6.526),
        Location(20, "Speyer", "07318", *SPEYER), Location(21, "Ludwigshafen", "07314", 49.477, 8.445),
    ]
    districts = districts or sorted({location.district for location in locations})
    return Problem(days, counsellors, locations, districts, **kwargs)


def _valid(problem, plan):
    per_counsellor_day = Counter((v.counsellor_id, v.date) for v in plan.visits)
    assert max(per_counsellor_day.values(), default=0) <= 1
    counsellors = {c.id: c for c in problem.counsellors}
    locations = {loc.id: loc for loc in problem.locations}
    for visit in plan.visits:
        assert visit.date in problem.days
        assert counsellors[visit.counsellor_id].works_on(visit.date)
        if not visit.pinned:
            assert great_circle_travel(counsellors[visit.counsellor_id], locations[visit.location_id]) \
                <= counsellors[visit.counsellor_id].max_travel_minutes


def test_small_instance_is_solved_to_optimality_and_meets_the_coverage_rule():
    problem = _problem(k=2)
    plan = solve(problem, time_limit=10)
    assert plan.figures.status == "optimal"
    assert plan.figures.gap == 0.0
    assert plan.figures.seconds < 10
    assert plan.figures.districts_covered == 4 and plan.figures.uncovered == []
    per_district = Counter(v.district for v in plan.visits)
    assert all(per_district[ags] >= 2 for ags in problem.districts)
    _valid(problem, plan)


def test_one_location_per_counsellor_per_day():
    problem = _problem(counsellors=[Counsellor(1, "A", *TRIER)], locations=[
        Location(10, "Trier", "07211", *TRIER, demand_weight=20), Location(11, "Bitburg", "07232", 49.974, 6.526,
                                                                        demand_weight=20)])
    plan = solve(problem, time_limit=5)
    assert len(plan.visits) == len(problem.days)  # demand exceeds days: every day used, once
    _valid(problem, plan)


def test_public_holidays_are_not_working_days():
    days = working_days(date(2026, 4, 1), date(2026, 4, 30), public_holidays(date(2026, 4, 1), date(2026, 4, 30)))
    assert date(2026, 4, 3) not in days  # Good Friday
    assert date(2026, 4, 6) not in days  # Easter Monday
    assert date(2026, 4, 7) in days
    plan = solve(_problem(days=days), time_limit=5)
    assert {v.date for v in plan.visits} <= set(days)


def test_absences_and_weekdays_are_respected():
    absent = Counsellor(1, "A", *TRIER, weekdays=frozenset({0, 1, 2}),
                        absences=((date(2026, 3, 2), date(2026, 3, 13)),))
    problem = _problem(counsellors=[absent, Counsellor(2, "B", *SPEYER)])
    plan = solve(problem, time_limit=5)
    for visit in plan.visits:
        if visit.counsellor_id == 1:
            assert visit.date >= date(2026, 3, 16) and visit.date.weekday() <= 2


def test_travel_limit_is_respected_and_unreachable_district_reported():
    near = Counsellor(1, "A", *TRIER, max_travel_minutes=120)
    problem = _problem(counsellors=[near])
    plan = solve(problem, time_limit=5)
    assert {v.district for v in plan.visits} <= {"07211", "07232"}
    assert plan.figures.districts_covered == 2
    assert sorted(ags for ags, _month in plan.figures.uncovered) == ["07314", "07318"]
    _valid(problem, plan)


def test_pins_force_and_forbids_exclude_visits():
    pin = Rule("pin", date(2026, 3, 4), 1, 21)  # Trier to Ludwigshafen: beyond the travel limit, pinned anyway
    forbid = Rule("forbid", date(2026, 3, 5), None, 10)
    off = Rule("forbid", date(2026, 3, 6), 2, None)
    problem = _problem(rules=[pin, forbid, off])
    plan = solve(problem, time_limit=5)
    assert any(v.date == pin.date and v.counsellor_id == 1 and v.location_id == 21 and v.pinned for v in plan.visits)
    assert not any(v.date == forbid.date and v.location_id == 10 for v in plan.visits)
    assert not any(v.date == off.date and v.counsellor_id == 2 for v in plan.visits)


def test_a_pin_on_an_absent_day_is_reported_as_conflict():
    counsellor = Counsellor(1, "A", *TRIER, absences=((date(2026, 3, 4), date(2026, 3, 4)),))
    plan = solve(_problem(counsellors=[counsellor], rules=[Rule("pin", date(2026, 3, 4), 1, 10)]), time_limit=5)
    assert plan.figures.conflicts and not any(v.date == date(2026, 3, 4) for v in plan.visits)


def test_language_gap_costs_but_is_allowed():
    arabic = Location(10, "Trier", "07211", *TRIER, languages=frozenset({"ar"}))
    speaks = Counsellor(2, "B", 49.76, 6.65, languages=frozenset({"ar"}))
    problem = _problem(counsellors=[Counsellor(1, "A", *TRIER), speaks], locations=[arabic])
    plan = solve(problem, time_limit=5)
    assert plan.visits and all(v.counsellor_id == 2 for v in plan.visits)
    alone = _problem(counsellors=[Counsellor(1, "A", *TRIER)], locations=[arabic])
    assert solve(alone, time_limit=5).figures.districts_covered == 1


def test_greedy_produces_a_valid_plan_no_better_than_the_optimum():
    problem = _problem(k=1)
    baseline, optimised = greedy(problem), solve(problem, time_limit=10)
    _valid(problem, baseline)
    assert baseline.figures.uncovered == []
    assert baseline.figures.objective >= optimised.figures.objective


def test_a_solve_cut_short_proposes_a_plan_at_least_as_good_as_the_greedy_one():
    """CP-SAT starts from the greedy plan and keeps it when it finds nothing better in time:
    one worker and a tenth of a second still give a valid plan that covers what the greedy
    plan covers (whichever way the search went on this machine)."""
    problem = _problem(days=working_days(date(2026, 3, 2), date(2026, 5, 29)), k=1)
    baseline, plan = greedy(problem), solve(problem, time_limit=0.1, workers=1)
    _valid(problem, plan)
    assert baseline.figures.uncovered == [] and plan.figures.uncovered == []
    assert plan.figures.objective <= baseline.figures.objective


def test_travel_time_from_coordinates_and_from_a_matrix_file(tmp_path):
    # Trier–Speyer about 138 km straight: × 1.3 / 70 km/h × 60 ≈ 154 minutes one way.
    assert 136 <= great_circle_km(*TRIER, *SPEYER) <= 140
    assert one_way_minutes(*TRIER, *SPEYER) == round(great_circle_km(*TRIER, *SPEYER) * 1.3 / 70 * 60)
    path = tmp_path / "matrix.csv"
    path.write_text("origin,destination,minutes\n07211,location:20,150\ncounsellor:1,07314,140\n")
    matrix = TravelMatrix.load(path)
    counsellor = Counsellor(1, "A", *TRIER, home_key="07211")
    assert matrix(counsellor, Location(20, "Speyer", "07318", *SPEYER)) == 300
    assert matrix(counsellor, Location(21, "LU", "07314", 49.477, 8.445)) == 280
    other = Location(11, "Bitburg", "07232", 49.974, 6.526)
    assert matrix(counsellor, other) == great_circle_travel(counsellor, other)


def test_a_negative_matrix_entry_is_refused(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("origin,destination,minutes\n07211,07232,-5\n")
    with pytest.raises(ValueError):
        TravelMatrix.load(path)


def test_empty_instance_yields_an_empty_plan_and_reports_uncovered_districts():
    plan = solve(Problem(working_days(date(2026, 3, 2), date(2026, 3, 27)), [], [], ["07211"]), time_limit=2)
    assert plan.visits == [] and plan.figures.districts_covered == 0
