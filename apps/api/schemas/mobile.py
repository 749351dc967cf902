"""Schemas of mobile counselling: locations, counselling days, hosting requests."""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from ninja import Schema
from pydantic import Field

from apps.api.schemas.common import Id, InputSchema, LanguageCode, LocalTime, SaneDate, attribute, text
from apps.mobile.models import HostingRequest


class LocationOut(Schema):
    id: int
    organisation_id: int
    host_id: int | None
    kind: str
    name: str
    street: str
    postcode: str
    city: str
    district_ags: str
    latitude: Decimal | None
    longitude: Decimal | None
    accessibility: list[str]
    available_weekdays: list[int] = Field(description="0 = Monday … 6 = Sunday")
    available_from: LocalTime | None
    available_to: LocalTime | None
    demand_weight: Decimal
    is_active: bool

    resolve_district_ags = attribute("district.ags")


class DayOut(Schema):
    id: int
    organisation_id: int
    location_id: int
    location_name: str
    district_ags: str
    date: date
    starts_at: LocalTime
    ends_at: LocalTime
    interpreter_languages: list[str]
    is_public: bool
    status: str
    slot_minutes: int
    buffer_minutes: int
    series: str | None
    moved_from_id: int | None

    resolve_location_name = attribute("location.name")
    resolve_district_ags = attribute("location.district.ags")

    @staticmethod
    def resolve_series(obj):
        return str(obj.series) if obj.series else None


class SlotOut(Schema):
    id: int
    starts_at: datetime
    ends_at: datetime


class DayDetailOut(DayOut):
    counsellor_ids: list[int]
    slot_count: int
    free_slot_count: int
    free_slots: list[SlotOut]


class DayFilters(Schema):
    district: Annotated[str, Field(pattern=r"^\d{5}$", description="AGS of the district")] | None = None
    from_date: SaneDate | None = Field(None, alias="from")
    to_date: SaneDate | None = Field(None, alias="to")


class HostingRequestIn(InputSchema):
    counselling_organisation_id: Id
    premises_name: text(200, required=True)
    street: text(200) = ""
    postcode: Annotated[str, Field(pattern=r"^(\d{5})?$")] = ""
    city: text(100) = ""
    district_ags: Annotated[str, Field(pattern=r"^\d{5}$")] | None = Field(
        None, description="Without it, the postcode decides (when it lies in exactly one district).")
    frequency: HostingRequest.Frequency
    expected_clients: int = Field(5, ge=1, le=500)
    languages: list[LanguageCode] = Field(default_factory=list, max_length=20)
    preferred_weekdays: list[Annotated[int, Field(ge=0, le=6)]] = Field(default_factory=list, max_length=7)
    message: text(4000) = ""


class HostingRequestOut(Schema):
    id: int
    requesting_organisation_id: int
    counselling_organisation_id: int
    location_id: int | None
    premises_name: str
    street: str
    postcode: str
    city: str
    district_ags: str
    frequency: str
    expected_clients: int
    languages: list[str]
    preferred_weekdays: list[int]
    message: str
    status: str
    response: str
    decided_at: datetime | None
    created_at: datetime
    version: int

    resolve_district_ags = attribute("district.ags")
