from datetime import date

from ninja import Field, Schema


class PlanEntryOut(Schema):
    date: date
    counsellor_id: int
    counsellor: str
    location_id: int
    location: str
    district: str
    pinned: bool

    @staticmethod
    def resolve_counsellor(obj) -> str:
        return str(obj.counsellor)

    @staticmethod
    def resolve_location(obj) -> str:
        return obj.location.name

    @staticmethod
    def resolve_district(obj) -> str:
        return obj.location.district.ags


class TourPlanOut(Schema):
    id: int
    organisation_id: int
    start: date
    weeks: int
    min_days_per_district_per_month: int
    status: str
    version: int
    solve_state: str  # idle, queued, solving, done, failed: solving runs as a background job


class TourPlanDetailOut(TourPlanOut):
    figures: dict
    greedy_figures: dict
    solve_error: str
    entries: list[PlanEntryOut]

    @staticmethod
    def resolve_entries(obj) -> list:
        from apps.tours.selectors import entries_of

        return list(entries_of(obj))


class SolveIn(Schema):
    time_limit: int = Field(20, ge=1, le=60)
