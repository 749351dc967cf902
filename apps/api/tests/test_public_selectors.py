"""The public API and the portal read public days and offices through the same selectors
(apps.appointments.selectors.public_days, apps.accounts.selectors.public_offices), so they
list the same things."""

from datetime import datetime, time, timedelta

import pytest
import time_machine
from django.utils import timezone

from apps.accounts.selectors import public_offices
from apps.appointments.tests.factories import make_day, make_location
from apps.portal import selectors as portal_selectors
from apps.regions.models import District

pytestmark = pytest.mark.django_db


def test_a_day_of_today_whose_slots_have_all_begun_is_listed_neither_by_the_api_nor_the_portal(
        client, orgs, personas):
    location = make_location(orgs.iom, ags="07143", name="Rathaus Montabaur")
    today = make_day(location, personas.team_lead, on=timezone.localdate(), slots=2)  # 9:00 and 10:00
    later = make_day(location, personas.team_lead, on=timezone.localdate() + timedelta(days=3), slots=1)
    afternoon = timezone.make_aware(datetime.combine(timezone.localdate(), time(15)))
    with time_machine.travel(afternoon, tick=False):
        api = client.get("/api/v1/public/counselling-days", {"district": "07143"}).json()
        portal = portal_selectors.public_days_with_free_slots(District.objects.get(ags="07143"))
    assert [day["id"] for day in api] == [later.pk] == [day.pk for day in portal]
    assert today.pk not in [day["id"] for day in api]


def test_the_api_and_the_portal_list_the_same_offices(client, orgs):
    for ags in ("07143", "07111"):
        district = District.objects.get(ags=ags)
        expected = [office.pk for office in public_offices(district)]
        listing = portal_selectors.offices_for(district)
        assert [office["id"] for office in client.get("/api/v1/public/offices", {"district": ags}).json()] == expected
        assert listing.nearby or [office.pk for office in listing.offices] == expected
