"""Schemas of the public, anonymous endpoints (/public/…): what the migrants' site shows.

Nothing here is personal: offices and counselling places are addresses of organisations,
slots are times. No counsellor, no booking holder, no contact person on site.
"""

import re
from datetime import date, datetime
from typing import Annotated, Any

from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from apps.api.schemas.common import LocalTime, attribute
from apps.core.client_languages import is_client_language

_POSTCODE = re.compile(r"^\d{5}$")
_AGS = re.compile(r"^\d{5}$")


def _postcode(value: Any) -> Any:
    if isinstance(value, str) and _POSTCODE.match(value.strip()):
        return value.strip()
    raise PydanticCustomError("postcode", str(_("A postcode has five digits, for example 56410.")))


def _ags(value: Any) -> Any:
    if isinstance(value, str) and _AGS.match(value.strip()):
        return value.strip()
    raise PydanticCustomError("district", str(_("A district key (AGS) has five digits, for example 07143.")))


def _client_language(value: Any) -> Any:
    if isinstance(value, str) and is_client_language(value.strip().lower()):
        return value.strip().lower()
    raise PydanticCustomError("language", str(_("This is not one of the languages of the public site.")))


# The patterns document the format for clients; the validators enforce it with a clear message.
Postcode = Annotated[str, Field(json_schema_extra={"pattern": r"^\d{5}$"}), BeforeValidator(_postcode)]
DistrictKey = Annotated[str, Field(json_schema_extra={"pattern": r"^\d{5}$"}), BeforeValidator(_ags)]
ClientLanguageCode = Annotated[str, Field(json_schema_extra={"pattern": r"^[a-z]{2,3}(-[a-z]{4})?$"}),
                               BeforeValidator(_client_language)]


class DistrictFilters(Schema):
    postcode: Postcode | None = Field(None, description="Only the districts of this postcode (several when "
                                                        "it spans districts).")


class OfficeFilters(Schema):
    district: DistrictKey | None = Field(None, description="Only offices in the district with this key (AGS).")


class CounsellingDayFilters(Schema):
    district: DistrictKey | None = Field(None, description="Only days in the district with this key (AGS).")
    postcode: Postcode | None = Field(None, description="Only days in the district(s) of this postcode.")
    limit: int = Field(20, ge=1, le=50, description="At most this many days, the next ones first.")


class MaterialFilters(Schema):
    language: ClientLanguageCode | None = Field(None, description="A language of the public site, e.g. ar, fa, "
                                                                  "sr-latn; without it, German.")


class DistrictOut(Schema):
    ags: str = Field(description="The official district key (Amtlicher Gemeindeschlüssel, 5 digits).")
    name: str
    kind: str = Field(description="landkreis or kreisfreie_stadt.")
    seat: str
    municipalities: list[str] = Field(
        description="With ?postcode=: the municipalities of that postcode in this district (to tell "
                    "the districts apart); otherwise empty.")

    @staticmethod
    def resolve_municipalities(obj) -> list[str]:
        return getattr(obj, "municipalities", [])


class PublicOfficeOut(Schema):
    """A fixed counselling office: where to go without an appointment booked online."""

    id: int
    name: str
    organisation: str
    kind: str = Field(description="reception_facility or office.")
    street: str
    postcode: str
    city: str
    district_ags: str
    district_name: str
    resolve_organisation = attribute("organisation.name")
    resolve_district_ags = attribute("district.ags")
    resolve_district_name = attribute("district.name")


class PublicSlotOut(Schema):
    id: int = Field(description="The slot_id to book with POST /public/bookings.")
    starts_at: datetime
    ends_at: datetime


class PublicCounsellingDayOut(Schema):
    """A public counselling day: where and when, and its free slots. No personal data."""

    id: int
    date: date
    starts_at: LocalTime
    ends_at: LocalTime
    location_name: str
    street: str
    postcode: str
    city: str
    district_ags: str
    district_name: str
    accessibility: list[str] = Field(description="Accessibility features of the place (codes).")
    free_slots: int = Field(description="How many slots are still free.")
    slots: list[PublicSlotOut] = Field(description="The free slots, earliest first.")
    resolve_location_name = attribute("location.name")
    resolve_street = attribute("location.street")
    resolve_postcode = attribute("location.postcode")
    resolve_city = attribute("location.city")
    resolve_district_ags = attribute("location.district.ags")
    resolve_district_name = attribute("location.district.name")
    resolve_slots = attribute("free_slot_list")

    @staticmethod
    def resolve_accessibility(obj) -> list[str]:
        return list(obj.location.accessibility or [])

    @staticmethod
    def resolve_free_slots(obj) -> int:
        return len(obj.free_slot_list)


class PublicMaterialOut(Schema):
    """A published information material available in one language."""

    id: int
    title: str = Field(description="In the requested language where the material has a text in it.")
    kind: str = Field(description="flyer, poster, video or social_media_post.")
    kind_label: str = Field(description="The kind, named in the requested language.")
    target_group: str
    target_group_label: str = Field(description="The target group, named in the requested language.")
    language: str
    download_url: str = Field(description="Path (on this site) of the file in this language, or of a flyer "
                                          "made from the material's text in it.")
    resolve_id = attribute("pk")
