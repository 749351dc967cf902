"""Benchmark of the tour planner: greedy vs CP-SAT, 13 and 26 weeks, 6 and 12 counsellors.

    .venv/bin/python bench/tour_plan.py [--start 2026-01-05] [--weeks 13 26] [--counsellors 6 12]
        [--time-limit 60] [--work-limit 3] [--workers 1] [--no-decomposition] [--json]

Builds each instance in memory from the shipped reference data, without a database: the 36
districts of RLP with their coordinates (lat/lon) and population from
apps/regions/data/districts_rlp.csv (the file apps/regions/importers.py imports), 60
locations = one at each district's coordinates plus one more in each of the 24 Landkreise
(the larger districts by area), offset deterministically by about 10 km, and 6 counsellors
homed at (approximate) coordinates of AfA Trier, Hermeskeil, Kusel, Speyer, Bitburg and
Ludwigshafen; 12 counsellors add homes in Koblenz, Mainz, Kaiserslautern, Montabaur, Bad
Kreuznach and Landau. Demand weight: population / 150,000 (at least 1) at the district
locations, 0.5 at the extra ones; every third location needs Arabic or Persian. RLP public
holidays come from the `holidays` library. k = 1 counselling day per district and month.
The daily travel limit is 300 minutes round trip here (--max-travel): with the default of
240 no AfA home is close enough to Altenkirchen (Westerwald) in the north.

For every instance, in one run: the greedy baseline, CP-SAT (apps.tours.planner.solve: one
worker by default, the wall-clock limit and the deterministic work limit, default
planner.WORK_PER_SECOND × the time limit) and, for comparison, CP-SAT month by month (each
calendar month solved alone with the same limits, each location's remaining demand carried
over; the months' plans joined and evaluated on the whole period). Prints one table.
"""

import argparse
import csv
import json
import math
import sys
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import holidays  # noqa: E402

from apps.tours.planner import (  # noqa: E402
    MIN_WORKING_DAYS_FOR_MONTH,
    WORK_PER_SECOND,
    Counsellor,
    Figures,
    Location,
    Plan,
    Problem,
    evaluate,
    greedy,
    solve,
    working_days,
)

DISTRICTS_CSV = ROOT / "apps" / "regions" / "data" / "districts_rlp.csv"
HOMES = [  # approximate coordinates of the sites (fictitious counsellors)
    ("AfA Trier", 49.7477, 6.6634, {"de", "en", "fr"}),
    ("AfA Hermeskeil", 49.6566, 6.9469, {"de", "en", "ar"}),
    ("AfA Kusel", 49.5380, 7.4040, {"de", "en", "ru"}),
    ("AfA Speyer", 49.3177, 8.4310, {"de", "en", "fa"}),
    ("AfA Bitburg", 49.9747, 6.5258, {"de", "en", "tr"}),
    ("Ludwigshafen", 49.4774, 8.4452, {"de", "en", "ar", "fa"}),
    ("Koblenz", 50.3569, 7.5890, {"de", "en"}),
    ("Mainz", 49.9929, 8.2473, {"de", "en", "ar"}),
    ("Kaiserslautern", 49.4447, 7.7690, {"de", "en", "fa"}),
    ("Montabaur", 50.4375, 7.8256, {"de", "en", "ru"}),
    ("Bad Kreuznach", 49.8450, 7.8670, {"de", "en", "tr"}),
    ("Landau", 49.1990, 8.1180, {"de", "en", "ar"}),
]


def build(start: date, weeks: int, k: int, max_travel: int = 300, counsellors: int = 6) -> Problem:
    with DISTRICTS_CSV.open(newline="", encoding="utf-8") as handle:
        districts = list(csv.DictReader(handle))
    locations = []
    for number, row in enumerate(districts, start=1):
        weight = max(1.0, round(int(row["population"] or 0) / 150_000, 1))
        locations.append(Location(number, row["seat"], row["ags"], float(row["lat"]), float(row["lon"]), weight,
                                  _languages(number)))
    rural = [row for row in districts if row["type"] == "Landkreis"]
    for offset, row in enumerate(rural):
        number = len(districts) + offset + 1
        angle = 2 * math.pi * offset / len(rural)
        locations.append(Location(number, f"{row['name']} (2)", row["ags"], float(row["lat"]) + 0.09 * math.sin(angle),
                                  float(row["lon"]) + 0.13 * math.cos(angle), 0.5, _languages(number)))
    homes = [Counsellor(i, name, lat, lon, max_travel_minutes=max_travel, languages=frozenset(langs))
             for i, (name, lat, lon, langs) in enumerate(HOMES[:counsellors], start=1)]
    end = start + timedelta(weeks=weeks) - timedelta(days=1)
    closed = list(holidays.Germany(subdiv="RP", years=range(start.year, end.year + 1)))
    return Problem(working_days(start, end, closed), homes, locations, [row["ags"] for row in districts], k)


def _languages(number: int) -> frozenset[str]:
    return frozenset() if number % 3 else frozenset({"ar" if number % 2 else "fa"})


def month_by_month(problem: Problem, *, time_limit: float, work_limit: float, workers: int) -> Plan:
    """CP-SAT on each calendar month alone, in order, carrying over what each location still
    needs: a month's share of a location's demand is what the period so far should have
    given it minus what earlier months gave; the last month takes the rest. The joined plan
    is evaluated on the whole period like the others."""
    months: dict[str, list[date]] = {}
    for day in problem.days:
        months.setdefault(f"{day:%Y-%m}", []).append(day)
    # A month that only brushes the period (fewer days than the coverage rule needs) joins
    # its neighbour, so that no part gets a month's demand in a few days.
    for month in [m for m, days in months.items() if len(days) < MIN_WORKING_DAYS_FOR_MONTH and len(months) > 1]:
        keys = list(months)
        neighbour = keys[keys.index(month) - 1] if keys.index(month) else keys[1]
        months[neighbour] = sorted(months[neighbour] + months.pop(month))
    served: dict[int, int] = {location.id: 0 for location in problem.locations}
    visits, work, seconds, elapsed_days, bound, exact = [], 0.0, 0.0, 0, 0, True
    for number, days in enumerate(months.values(), start=1):
        elapsed_days += len(days)
        locations = []
        for location in problem.locations:
            total = problem.desired_visits(location)
            due = total if number == len(months) else min(total, round(location.demand_weight * elapsed_days / 20))
            share = max(0, due - served[location.id])
            # the weight that makes Problem.desired_visits give exactly `share` for this month
            locations.append(replace(location, demand_weight=share * 20 / len(days)))
        part = Problem(days, problem.counsellors, locations, problem.districts, problem.k, problem.rules,
                       problem.travel, problem.unmet_penalty)
        plan = solve(part, time_limit=time_limit, work_limit=work_limit, workers=workers)
        visits += plan.visits
        for visit in plan.visits:
            served[visit.location_id] += 1
        work += plan.figures.work or 0.0
        seconds += plan.figures.seconds
        exact = exact and plan.figures.status == "optimal"
        bound += plan.figures.bound or 0
    figures = evaluate(problem, sorted(visits, key=lambda v: (v.date, v.counsellor_id)), method="cp-sat by month",
                       status="optimal per month" if exact else "limit reached", seconds=seconds)
    figures.work = round(work, 2)
    return Plan(visits, figures)


def run(problem: Problem, args) -> dict[str, Figures]:
    baseline = greedy(problem)
    results = {"greedy": baseline.figures,
               "cp-sat": solve(problem, time_limit=args.time_limit, work_limit=args.work_limit,
                               workers=args.workers, start=baseline).figures}
    if args.decomposition:
        results["cp-sat by month"] = month_by_month(problem, time_limit=args.time_limit, work_limit=args.work_limit,
                                                    workers=args.workers).figures
    return results


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.2%}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--start", type=date.fromisoformat, default=date(2026, 1, 5))
    parser.add_argument("--weeks", type=int, nargs="+", default=[13, 26])
    parser.add_argument("--counsellors", type=int, nargs="+", default=[6, 12], choices=range(1, len(HOMES) + 1),
                        metavar="N")
    parser.add_argument("--k", type=int, default=1)
    parser.add_argument("--time-limit", type=float, default=60.0, help="wall-clock seconds per instance")
    parser.add_argument("--work-limit", type=float, default=None,
                        help="CP-SAT deterministic time per instance (default: WORK_PER_SECOND × time limit)")
    parser.add_argument("--workers", type=int, default=1, help="CP-SAT threads (1: one core, deterministic)")
    parser.add_argument("--max-travel", type=int, default=300, help="round-trip minutes per day")
    parser.add_argument("--no-decomposition", dest="decomposition", action="store_false",
                        help="skip the month-by-month comparison")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.work_limit is None:
        args.work_limit = WORK_PER_SECOND * args.time_limit
    report = []
    for weeks in args.weeks:
        for counsellors in args.counsellors:
            problem = build(args.start, weeks, args.k, args.max_travel, counsellors)
            report.append(({"weeks": weeks, "counsellors": counsellors, "working_days": len(problem.days),
                            "months": list(problem.required_months())}, run(problem, args)))
    if args.json:
        print(json.dumps([{"instance": instance} | {name: figures.as_dict() for name, figures in results.items()}
                          for instance, results in report], indent=2))
        return
    print(f"Start {args.start}; 36 districts, 60 locations, k={args.k}, travel limit {args.max_travel} min/day; "
          f"CP-SAT: {args.workers} worker(s), limits {args.time_limit:g} s wall and {args.work_limit:g} work units "
          f"per instance (per month when by month)")
    print("| weeks | counsellors | method | status | districts covered | travel h | travel vs greedy "
          "| objective | above CP-SAT's bound | wall s | work |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for instance, results in report:
        greedy_figures, bound = results["greedy"], results["cp-sat"].bound
        for name, figures in results.items():
            above = None if not bound else (figures.objective - bound) / bound
            versus = "—" if name == "greedy" else _pct(figures.travel_hours / greedy_figures.travel_hours - 1)
            print(f"| {instance['weeks']} | {instance['counsellors']} | {name} | {figures.status} "
                  f"| {figures.districts_covered}/{figures.districts_total} | {figures.travel_hours} | {versus} "
                  f"| {figures.objective} | {_pct(above)} | {figures.seconds} "
                  f"| {'—' if figures.work is None else figures.work} |")
    print()
    for instance, results in report:
        cp, gr = results["cp-sat"], results["greedy"]
        above = None if not cp.bound else (cp.objective - cp.bound) / cp.bound
        checks = [f"never worse than greedy: {'yes' if cp.objective <= gr.objective else 'NO'}",
                  f"travel −{1 - cp.travel_hours / gr.travel_hours:.1%} (target ≥ 25 %)",
                  f"{_pct(above)} above the bound"]
        print(f"{instance['weeks']} weeks, {instance['counsellors']} counsellors: " + "; ".join(checks))


if __name__ == "__main__":
    main()
