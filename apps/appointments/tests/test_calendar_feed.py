"""The calendar feed speaks German and carries its time zone: VTIMEZONE Europe/Berlin, DTSTART
and DTEND with TZID, so a day in summer time and one in winter time both start at 9:00 local."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import translation
from icalendar import Calendar

from apps.appointments import services
from apps.appointments.calendar import feed
from apps.appointments.tests.factories import make_day

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")


def test_the_feed_is_german_with_a_vtimezone(client, personas, location):
    winter = make_day(location, personas.team_lead, on=date(2027, 1, 12), counsellors=[personas.counsellor])
    summer = make_day(location, personas.team_lead, on=date(2027, 7, 13))
    _token, plain = services.calendar_token_create(actor=personas.team_lead, location=location)
    with translation.override("en"):  # whatever the request's language: the feed is German
        response = client.get(reverse("appointments:location_feed", args=[plain]))
    calendar = Calendar.from_ical(response.content)
    zones = calendar.walk("VTIMEZONE")
    assert [str(z["TZID"]) for z in zones] == ["Europe/Berlin"]
    assert {c.name for c in zones[0].subcomponents} >= {"STANDARD", "DAYLIGHT"}
    events = {str(e["UID"]).split("@")[0]: e for e in calendar.walk("VEVENT")}
    first, second = events[f"counselling-day-{winter.pk}"], events[f"counselling-day-{summer.pk}"]
    for event, day in ((first, date(2027, 1, 12)), (second, date(2027, 7, 13))):
        assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
        assert event["DTSTART"].dt == datetime.combine(day, time(9), tzinfo=BERLIN)
        assert event["DTEND"].dt.time() == time(13)
        assert str(event["SUMMARY"]) == f"Beratung: {location.name}"
    assert str(first["DESCRIPTION"]) == f"Berater*innen: {personas.counsellor.full_name}"
    raw = response.content.decode()
    assert "DTSTART;TZID=Europe/Berlin:20270112T090000" in raw and "Counsellors" not in raw


def test_the_location_line_leaves_out_empty_parts(personas, location):
    location.street, location.postcode, location.city = "", "", "Saarburg"
    location.save()
    day = make_day(location, personas.team_lead, on=date(2027, 3, 2))
    event = Calendar.from_ical(feed([day], name="x", domain="example.org")).walk("VEVENT")[0]
    assert str(event["LOCATION"]) == f"{location.name}, Saarburg"
