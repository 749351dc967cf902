"""Reads of tour plans, scoped to the organisations where the user holds mobile.plan.

Plans name staff and places, never clients."""

from collections import defaultdict

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from apps.accounts.selectors import organisation_ids_with
from apps.tours.models import PlanConstraint, PlanEntry, PlannerCounsellor, TourPlan

GREEN, ORANGE, RED = "#4caf50", "#ff9800", "#e53935"


def plans_visible_to(user) -> QuerySet[TourPlan]:
    return (TourPlan.objects.filter(organisation_id__in=organisation_ids_with(user, "mobile.plan"))
            .select_related("organisation", "created_by"))


def plan_for(user, pk: int) -> TourPlan:
    """One plan of the user's organisations (404 otherwise)."""
    return get_object_or_404(plans_visible_to(user), pk=pk)


def constraint_for(user, pk: int) -> PlanConstraint:
    return get_object_or_404(PlanConstraint.objects.select_related("plan").filter(
        plan__organisation_id__in=organisation_ids_with(user, "mobile.plan")), pk=pk)


def entries_of(plan: TourPlan) -> QuerySet[PlanEntry]:
    return plan.entries.select_related("counsellor__user", "location__district")


def constraints_of(plan: TourPlan) -> QuerySet[PlanConstraint]:
    return plan.constraints.select_related("counsellor__user", "location")


def planner_counsellors_of(organisation_id: int) -> QuerySet[PlannerCounsellor]:
    return (PlannerCounsellor.objects.filter(organisation_id=organisation_id, is_active=True)
            .select_related("user", "home_office__district").prefetch_related("absences"))


def months_in(plan: TourPlan) -> int:
    """Calendar months the coverage rule applies to (see planner.Problem.required_months)."""
    return len(plan.figures.get("months", [])) if plan.figures else 0


def district_days(plan: TourPlan) -> dict[str, int]:
    """AGS → planned counselling days (visits) in the plan."""
    counts: dict[str, int] = defaultdict(int)
    for ags in plan.entries.values_list("location__district__ags", flat=True):
        counts[ags] += 1
    return counts


def map_colours(plan: TourPlan, districts) -> tuple[dict[str, str], dict[str, str]]:
    """Fills and titles for the district map: 0 days red, below k × months orange, else green."""
    counts = district_days(plan)
    needed = plan.min_days_per_district_per_month * max(1, months_in(plan))
    fills, titles = {}, {}
    for district in districts:
        n = counts.get(district.ags, 0)
        fills[district.ags] = RED if n == 0 else ORANGE if n < needed else GREEN
        titles[district.ags] = f"{getattr(district, 'display_name', district.name)}: {n}"
    return fills, titles


def calendar_of(entries) -> list[dict]:
    """Weeks (Monday first) × weekdays, each cell the entries of that day."""
    by_day: dict = defaultdict(list)
    for entry in entries:
        by_day[entry.date].append(entry)
    if not by_day:
        return []
    from datetime import timedelta

    first = min(by_day) - timedelta(days=min(by_day).weekday())
    weeks, monday = [], first
    while monday <= max(by_day):
        weeks.append({"monday": monday, "days": [
            {"date": monday + timedelta(days=i), "entries": by_day.get(monday + timedelta(days=i), [])}
            for i in range(5)]})
        monday += timedelta(days=7)
    return weeks


def per_counsellor(entries) -> list[tuple]:
    grouped: dict = defaultdict(list)
    for entry in entries:
        grouped[entry.counsellor].append(entry)
    return sorted(grouped.items(), key=lambda item: str(item[0]))
