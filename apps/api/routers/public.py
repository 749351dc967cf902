"""The public, anonymous read endpoints (/public/…) behind the migrants' site: districts and the
postcode lookup, counselling offices, the next public counselling days with their free slots,
information materials. No token, no personal data, rate-limited per address.

The reads are the public ones of the lower apps (mobile, appointments, regions, outreach):
nothing here is scoped by a user, because nothing here belongs to a person.
"""

from django.conf import settings
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import translation
from ninja import Query, Router
from ninja.throttling import AnonRateThrottle

from apps.accounts.selectors import public_offices
from apps.api.permissions import public
from apps.api.schemas.common import ErrorOut
from apps.api.schemas.public import (
    CounsellingDayFilters,
    DistrictFilters,
    DistrictOut,
    MaterialFilters,
    OfficeFilters,
    PublicCounsellingDayOut,
    PublicMaterialOut,
    PublicOfficeOut,
)
from apps.appointments import selectors as appointment_selectors
from apps.audit.context import address_of
from apps.mobile.models import MobileCounsellingDay
from apps.outreach.selectors import public_materials
from apps.regions.models import District
from apps.regions.selectors import districts_for_postcode

router = Router()

PUBLIC_READ_RATE = "600/h"


class PublicReadThrottle(AnonRateThrottle):
    """Anonymous reads per client address; settings.PUBLIC_API_RATE overrides the rate. Generous
    for a person or an app, a wall for someone scraping in a loop."""

    scope = "public_read"

    def __init__(self):
        super().__init__(rate=PUBLIC_READ_RATE)

    def allow_request(self, request) -> bool:
        self.num_requests, self.duration = self.parse_rate(getattr(settings, "PUBLIC_API_RATE", PUBLIC_READ_RATE))
        return super().allow_request(request)

    def get_ident(self, request) -> str | None:
        # As for bookings: the address as seen through TRUSTED_PROXY_COUNT proxies, never a
        # forwarded-for header taken as sent.
        return address_of(request)


THROTTLE = [PublicReadThrottle()]


# --- Reads ---------------------------------------------------------------------------------
# The single definitions live in the owning apps (the portal uses the same ones).

def public_days(districts: list[District] | None = None, *, limit: int = 20) -> list[MobileCounsellingDay]:
    """The next public days (in `districts` when given), each with `free_slot_list`."""
    return appointment_selectors.public_days(districts=districts, limit=limit)


def _district(ags: str) -> District:
    return get_object_or_404(District, ags=ags)


# --- Operations ---------------------------------------------------------------------------

@router.get("/public/districts", response=list[DistrictOut], auth=None, throttle=THROTTLE,
            summary="Districts, or the districts of a postcode")
@public
def list_public_districts(request: HttpRequest, filters: Query[DistrictFilters]):
    """Public, without authentication: the districts (Landkreise and kreisfreie Städte) of the
    state; with `postcode`, only the districts that postcode lies in (several when it spans
    districts, each with the postcode's municipalities there; none for a postcode elsewhere)."""
    if filters.postcode is not None:
        return districts_for_postcode(filters.postcode)
    return list(District.objects.order_by("name"))


@router.get("/public/offices", response={200: list[PublicOfficeOut], 404: ErrorOut}, auth=None, throttle=THROTTLE,
            summary="Counselling offices")
@public
def list_public_offices(request: HttpRequest, filters: Query[OfficeFilters]):
    """Public, without authentication: the fixed counselling offices with their address and
    district; with `district` (AGS), only those in that district (an unknown key is a 404)."""
    return list(public_offices(_district(filters.district) if filters.district else None))


@router.get("/public/counselling-days", response={200: list[PublicCounsellingDayOut], 404: ErrorOut},
            auth=None, throttle=THROTTLE, summary="Next public counselling days with their free slots")
@public
def list_public_counselling_days(request: HttpRequest, filters: Query[CounsellingDayFilters]):
    """Public, without authentication: the next public counselling days, earliest first, with
    place, time and the free slots (their ids are what POST /public/bookings takes). Filter by
    `district` (AGS; unknown is a 404) or `postcode` (its districts; none outside the state),
    or both. Contains no personal data and no counsellor's name."""
    districts = None
    if filters.district is not None:
        districts = [_district(filters.district)]
    if filters.postcode is not None:
        of_postcode = districts_for_postcode(filters.postcode)
        districts = of_postcode if districts is None else [d for d in districts if d in of_postcode]
    return public_days(districts, limit=filters.limit)


@router.get("/public/materials", response=list[PublicMaterialOut], auth=None, throttle=THROTTLE,
            summary="Information materials in a language")
@public
def list_public_materials(request: HttpRequest, filters: Query[MaterialFilters]):
    """Public, without authentication: the published information materials available in
    `language` (a language of the public site), with their labels in that language and where
    to download each. Without `language`: the site's default language (German)."""
    language = filters.language or settings.LANGUAGE_CODE
    with translation.override(language):
        return public_materials(language)
