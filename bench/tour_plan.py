"""Benchmark of the tour planner: a quarter with 36 districts, 60 locations and 6 counsellors.

    .venv/bin/python bench/tour_plan.py [--start 2026-01-05] [--weeks 13] [--time-limit 30] [--json]

Builds the instance in memory from the shipped reference data, without a database: the 36
districts of RLP with their coordinates (lat/lon) and population from
apps/regions/data/districts_rlp.csv (the file apps/regions/importers.py imports), 60
locations = one at each district's coordinates plus one more in each of the 24 Landkreise
(the larger districts by area), offset deterministically by about 10 km, and 6 counsellors
homed at (approximate) coordinates of AfA Trier, Hermeskeil, Kusel, Speyer, Bitburg and
Ludwigshafen. Demand weight: population / 150,000 (at least 1) at the district locations,
0.5 at the extra ones; every third location needs Arabic or Persian. RLP public holidays
come from the `holidays` library. k = 1 counselling day per district and month.
The daily travel limit is 300 minutes round trip here (--max-travel): with the default of
240 no home is close enough to Altenkirchen (Westerwald) in the north, and the planner
reports that district as uncovered (run with --max-travel 240 to see it).

Runs CP-SAT (apps.tours.planner.solve, 2 workers, the time limit) and the greedy baseline
on the same instance and prints both figures side by side.
"""

import argparse
import csv
import json
import math
import sys
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import holidays  # noqa: E402

from apps.tours.planner import Counsellor, Location, Problem, greedy, solve, working_days  # noqa: E402

DISTRICTS_CSV = ROOT / "apps" / "regions" / "data" / "districts_rlp.csv"
HOMES = [  # approximate coordinates of the sites (fictitious counsellors)
    ("AfA Trier", 49.7477, 6.6634, {"de", "en", "fr"}),
    ("AfA Hermeskeil", 49.6566, 6.9469, {"de", "en", "ar"}),
    ("AfA Kusel", 49.5380, 7.4040, {"de", "en", "ru"}),
    ("AfA Speyer", 49.3177, 8.4310, {"de", "en", "fa"}),
    ("AfA Bitburg", 49.9747, 6.5258, {"de", "en", "tr"}),
    ("Ludwigshafen", 49.4774, 8.4452, {"de", "en", "ar", "fa"}),
]


def build(start: date, weeks: int, k: int, max_travel: int = 300) -> Problem:
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
    counsellors = [Counsellor(i, name, lat, lon, max_travel_minutes=max_travel, languages=frozenset(langs))
                   for i, (name, lat, lon, langs) in enumerate(HOMES, start=1)]
    end = start + timedelta(weeks=weeks) - timedelta(days=1)
    closed = list(holidays.Germany(subdiv="RP", years=range(start.year, end.year + 1)))
    return Problem(working_days(start, end, closed), counsellors, locations, [row["ags"] for row in districts], k)


def _languages(number: int) -> frozenset[str]:
    return frozenset() if number % 3 else frozenset({"ar" if number % 2 else "fa"})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--start", type=date.fromisoformat, default=date(2026, 1, 5))
    parser.add_argument("--weeks", type=int, default=13)
    parser.add_argument("--k", type=int, default=1)
    parser.add_argument("--time-limit", type=float, default=25.0)
    parser.add_argument("--max-travel", type=int, default=300, help="round-trip minutes per day")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    problem = build(args.start, args.weeks, args.k, args.max_travel)
    optimised, baseline = solve(problem, time_limit=args.time_limit), greedy(problem)
    if args.json:
        print(json.dumps({"cp_sat": optimised.figures.as_dict(), "greedy": baseline.figures.as_dict()}, indent=2))
        return
    cp, gr = optimised.figures, baseline.figures
    travel_over_bound = None
    if cp.bound:
        travel_over_bound = (cp.objective - cp.bound) / cp.bound
    print(f"Instance: {len(problem.days)} working days from {args.start}, {len(problem.districts)} districts, "
          f"{len(problem.locations)} locations, {len(problem.counsellors)} counsellors, k={args.k}; "
          f"months under the rule: {', '.join(problem.required_months())}")
    rows = [
        ("status", cp.status, gr.status),
        ("districts covered every month", f"{cp.districts_covered}/{cp.districts_total}",
         f"{gr.districts_covered}/{gr.districts_total}"),
        ("district-months below the rule", len(cp.uncovered), len(gr.uncovered)),
        ("visits (counselling days)", cp.visits, gr.visits),
        ("travel hours", cp.travel_hours, gr.travel_hours),
        ("demand served / desired", f"{cp.demand_served}/{cp.demand_desired}",
         f"{gr.demand_served}/{gr.demand_desired}"),
        ("objective (minutes)", cp.objective, gr.objective),
        ("solver bound", cp.bound, "—"),
        ("gap (objective − bound) / objective", f"{cp.gap:.2%}" if cp.gap is not None else "—", "—"),
        ("objective above bound", f"{travel_over_bound:.2%}" if travel_over_bound is not None else "—", "—"),
        ("seconds", cp.seconds, gr.seconds),
    ]
    print("| figure | CP-SAT | greedy |\n|---|---|---|")
    for name, left, right in rows:
        print(f"| {name} | {left} | {right} |")


if __name__ == "__main__":
    main()
