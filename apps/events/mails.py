"""The registrants' mails: confirmation or waiting list, promotion, reminder, cancellation of
the registration or of the event, each with its calendar entry (.ics) attached.

Written by jobs (apps.events.tasks) into the outbox, in the registrant's language; the outbox's
own job delivers them with retries. Nothing is sent inside a request.
"""

from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone, translation

from apps.audit.services import record
from apps.events import client_texts
from apps.events.ics import calendar_for, where_of
from apps.events.models import Event, Registration
from apps.jobs.services import sending_for

KINDS = set(client_texts.SUBJECT)
CANCELLING = {"event_cancelled", "cancelled"}
# A step in the entry's life: later mails must outrank earlier ones in the calendar.
SEQUENCE = {"confirmed": 0, "waiting": 0, "promoted": 1, "reminder": 1, "cancelled": 2, "event_cancelled": 2}


def when_of(event: Event) -> str:
    """German-style dates, local time (Europe/Berlin): "12.03.2027, 10:00–16:00"."""
    start, end = timezone.localtime(event.starts_at), timezone.localtime(event.ends_at)
    if start.date() == end.date():
        return f"{start:%d.%m.%Y}, {start:%H:%M}–{end:%H:%M}"
    return f"{start:%d.%m.%Y %H:%M} – {end:%d.%m.%Y %H:%M}"


def compose(registration: Registration, kind: str) -> EmailMessage:
    event = registration.event
    confirmed = registration.holds_seat and kind not in CANCELLING
    with translation.override(registration.language or "de"):
        values = {"title": event.title, "name": registration.name}
        lines = [str(client_texts.GREETING) % values, "", str(client_texts.LEAD[kind]) % values, ""]
        if kind not in CANCELLING:
            where = where_of(event, with_link=False) or str(client_texts.ONLINE)
            lines += [str(client_texts.WHEN) % {"when": when_of(event)}, str(client_texts.WHERE) % {"where": where}]
            if confirmed and event.online_link:
                lines.append(str(client_texts.ONLINE_LINK) % {"link": event.online_link})
            lines.append("")
            if registration.manage_link:
                lines += [str(client_texts.MANAGE) % {"link": registration.manage_link}, ""]
        lines += [str(client_texts.CALENDAR), "", event.organisation.name]
        subject = str(client_texts.SUBJECT[kind]) % values
    message = EmailMessage(subject=subject, body="\n".join(lines), to=[registration.email])
    ics = calendar_for(registration, cancel=kind in CANCELLING, sequence=SEQUENCE[kind])
    # METHOD (REQUEST or CANCEL) is inside the entry, where calendar programs read it.
    message.attach("event.ics", ics.decode(), "text/calendar")
    return message


@transaction.atomic
def send(registration_id: int, kind: str) -> bool:
    """Write one mail into the outbox; False when there is nothing to send any more (e.g. a
    confirmation for a registration cancelled before the job ran)."""
    registration = Registration.objects.select_related("event", "event__organisation").get(pk=registration_id)
    if kind not in KINDS:
        raise ValueError(kind)
    if kind == "reminder" and registration.status != Registration.Status.CONFIRMED:
        return False
    with sending_for(organisation_id=registration.event.organisation_id, purpose=f"event.{kind}"):
        compose(registration, kind).send()
    record(None, "event.mail_queued", registration, organisation_id=registration.event.organisation_id,
           details={"kind": kind})
    return True


def registrations_due_for_reminder(day):
    """Confirmed registrations of published events starting on `day` (local date), not reminded."""
    return (Registration.objects.filter(status=Registration.Status.CONFIRMED, reminder_sent_at__isnull=True,
                                        event__status=Event.Status.PUBLISHED,
                                        event__starts_at__date=day)
            .values_list("pk", flat=True))


def send_reminders(day) -> int:
    """Remind every confirmed registrant of the events on `day` once: each registration is
    claimed (reminder_sent_at) in the transaction that queues its mail, so a second run, or a
    run on another machine, sends nothing twice."""
    sent = 0
    for registration_id in list(registrations_due_for_reminder(day)):
        with transaction.atomic():
            if Registration.objects.filter(pk=registration_id, reminder_sent_at__isnull=True).update(
                    reminder_sent_at=timezone.now()):
                sent += send(registration_id, "reminder")
    return sent
