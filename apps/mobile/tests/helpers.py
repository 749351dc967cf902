"""Builders for tests of mobile counselling (through the services, like the views)."""

from datetime import date, time, timedelta

from django.utils import timezone

from apps.mobile import services
from apps.mobile.models import CounsellingLocation
from apps.regions.holidays import is_public_holiday
from apps.regions.models import District


def next_working_day(after_days: int = 7) -> date:
    day = timezone.localdate() + timedelta(days=after_days)
    while day.weekday() >= 5 or is_public_holiday(day):
        day += timedelta(days=1)
    return day


def make_location(actor, organisation, ags="07211", **data) -> CounsellingLocation:
    data = {"kind": CounsellingLocation.Kind.OFFICE, "name": "Beratungsstelle (fiktiv)",
            "district": District.objects.get(ags=ags)} | data
    return services.location_create(actor=actor, organisation=organisation, data=data)


def make_day(actor, location, on=None, counsellors=(), **data):
    data = {"date": on or next_working_day(), "starts_at": time(9), "ends_at": time(12), "slot_minutes": 45,
            "buffer_minutes": 15} | data
    return services.day_create(actor, location, data, counsellors)


def make_request(actor, requesting, receiving, ags="07211", **data):
    data = {"premises_name": "Caritas-Haus (fiktiv)", "district": District.objects.get(ags=ags),
            "frequency": "monthly", "expected_clients": 6} | data
    return services.hosting_request_submit(actor=actor, requesting_organisation=requesting,
                                           counselling_organisation=receiving, data=data)
