"""iCalendar feeds (RFC 5545) of counselling days: where, when, who counsels. No client data."""

from datetime import datetime

from django.utils import timezone
from icalendar import Calendar, Event


def feed(days, *, name: str, domain: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//ReturnNet//Mobile counselling//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    stamp = timezone.now()
    for day in days:
        location = day.location
        event = Event()
        event.add("uid", f"counselling-day-{day.pk}@{domain}")
        event.add("dtstamp", stamp)
        event.add("dtstart", timezone.make_aware(datetime.combine(day.date, day.starts_at)))
        event.add("dtend", timezone.make_aware(datetime.combine(day.date, day.ends_at)))
        event.add("summary", f"Counselling: {location.name}")
        event.add("location", ", ".join(p for p in (location.name, location.street,
                                                    f"{location.postcode} {location.city}".strip()) if p))
        names = ", ".join(user.full_name or user.email for user in day.counsellors.all())
        if names:
            event.add("description", f"Counsellors: {names}")
        calendar.add_component(event)
    return calendar.to_ical()
