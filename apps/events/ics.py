"""iCalendar (.ics) entries for an event's registrants (RFC 5545, icalendar library).

The UID is stable per registration, so a later mail (promotion, reminder, cancellation)
replaces the entry in the registrant's calendar instead of adding a second; SEQUENCE grows
with the event's version and the mail's step. Times are written in UTC: every calendar
shows them in its own zone, and no VTIMEZONE has to be kept correct.
"""

from datetime import UTC

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as VEvent

from apps.events.models import Event, Registration

PRODID = "-//ReturnNet//Veranstaltungen//DE"


def uid_of(registration: Registration) -> str:
    return f"event-{registration.event_id}-registration-{registration.pk}@returnnet"


def where_of(event: Event, *, with_link: bool) -> str:
    parts = [part for part in (event.place, event.address) if part]
    if event.format != Event.Format.IN_PERSON and with_link and event.online_link:
        parts.append(event.online_link)
    return ", ".join(parts)


def calendar_for(registration: Registration, *, cancel: bool, sequence: int = 0) -> bytes:
    """The calendar entry of one registration: METHOD:REQUEST, or METHOD:CANCEL when the event
    or the registration is cancelled. The online link only for a confirmed place."""
    event = registration.event
    confirmed = registration.holds_seat and not cancel
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancel else "REQUEST")
    entry = VEvent()
    entry.add("uid", uid_of(registration))
    entry.add("dtstamp", timezone.now().astimezone(UTC))
    entry.add("dtstart", event.starts_at.astimezone(UTC))
    entry.add("dtend", event.ends_at.astimezone(UTC))
    entry.add("sequence", event.version + sequence)
    entry.add("summary", event.title)
    if event.description:
        entry.add("description", event.description)
    location = where_of(event, with_link=confirmed)
    if location:
        entry.add("location", location)
    if confirmed and event.online_link:
        entry.add("url", event.online_link)
    entry.add("status", "CANCELLED" if cancel else ("CONFIRMED" if confirmed else "TENTATIVE"))
    entry.add("organizer", f"mailto:{_sender_address()}", parameters={"CN": event.organisation.name})
    calendar.add_component(entry)
    return calendar.to_ical()


def _sender_address() -> str:
    from email.utils import parseaddr

    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or "noreply@returnnet.invalid"
