"""iCalendar feeds (RFC 5545) of counselling days: where, when, who counsels. No client data.

The texts are in the back office's language (German; the feed has no reader whose language
we know: calendar programs send no cookie), the times in Europe/Berlin with a VTIMEZONE, so
that every calendar program places a day at the same local time, also across the change to
and from summer time."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from apps.mobile.models import address_line

# The feeds belong to the network's staff, whose first language is German (STAFF_LANGUAGES).
FEED_LANGUAGE = "de"


def feed(days, *, name: str, domain: str, language: str = FEED_LANGUAGE) -> bytes:
    zone = ZoneInfo(settings.TIME_ZONE)
    with translation.override(language):
        calendar = Calendar()
        calendar.add("prodid", "-//ReturnNet//Mobile counselling//DE")
        calendar.add("version", "2.0")
        calendar.add("x-wr-calname", name)
        calendar.add("x-wr-timezone", settings.TIME_ZONE)
        stamp = timezone.now()
        for day in days:
            location = day.location
            event = Event()
            event.add("uid", f"counselling-day-{day.pk}@{domain}")
            event.add("dtstamp", stamp)
            event.add("dtstart", datetime.combine(day.date, day.starts_at, tzinfo=zone))
            event.add("dtend", datetime.combine(day.date, day.ends_at, tzinfo=zone))
            # "Beratung: …", "Berater*innen: …" (the catalogue's words; a colon reads the same in both).
            event.add("summary", f"{_('Counselling')}: {location.name}")
            address = address_line(location.street, location.postcode, location.city)
            event.add("location", ", ".join(p for p in (location.name, address) if p))
            names = ", ".join(user.full_name or user.email for user in day.counsellors.all())
            if names:
                event.add("description", f"{_('Counsellors')}: {names}")
            calendar.add_component(event)
        calendar.add_missing_timezones()  # the VTIMEZONE of every TZID used above
    return calendar.to_ical()
