"""The registrants' mails: written by jobs into the outbox, delivered with a real calendar
entry (parsed back with icalendar), in the registrant's language; reminders once, two days
ahead, on a controlled clock."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from apps.events import services
from apps.events.models import Event, Registration
from apps.events.tests.helpers import BASE, committed, make_event, register_committed
from apps.jobs.schedule import enqueue_due
from apps.jobs.testing import run_jobs


@pytest.fixture
def event(personas, orgs):
    return make_event(personas.coordinator, orgs.diakonie, capacity=1)


def subject_in(kind: str, event, language: str = "de") -> str:
    """The subject a registrant of `language` gets (public registrations default to German)."""
    from django.utils import translation

    from apps.events.client_texts import SUBJECT

    with translation.override(language):
        return str(SUBJECT[kind]) % {"title": event.title}


def calendar_of(message) -> Calendar:
    [(name, content, mimetype)] = message.attachments
    assert name == "event.ics" and mimetype.startswith("text/calendar")
    return Calendar.from_ical(content)


def entry_of(message):
    [entry] = calendar_of(message).walk("VEVENT")
    return entry


def test_the_confirmation_carries_a_calendar_entry_with_the_event(event):
    registration, token = register_committed(event, 1)
    assert not mail.outbox  # nothing is sent in the request
    run_jobs()
    [message] = mail.outbox
    assert message.to == ["person1@example.org"]
    assert subject_in("confirmed", event) == message.subject and event.title in message.subject
    assert token in message.body  # the manage link
    assert event.online_link in message.body  # a confirmed place sees the online link
    calendar = calendar_of(message)
    assert str(calendar["METHOD"]) == "REQUEST"
    entry = entry_of(message)
    assert str(entry["UID"]) == f"event-{event.pk}-registration-{registration.pk}@returnnet"
    assert entry.decoded("DTSTART") == event.starts_at and entry.decoded("DTEND") == event.ends_at
    assert str(entry["SUMMARY"]) == event.title and str(entry["STATUS"]) == "CONFIRMED"
    assert str(entry["URL"]) == event.online_link


def test_the_waiting_list_notice_has_no_link_and_the_promotion_replaces_the_entry(event):
    first, token = register_committed(event, 1)
    register_committed(event, 2)
    run_jobs()
    waiting = mail.outbox[1]
    assert subject_in("waiting", event) == waiting.subject and event.online_link not in waiting.body
    assert str(entry_of(waiting)["STATUS"]) == "TENTATIVE" and "URL" not in entry_of(waiting)
    mail.outbox.clear()
    with committed():
        services.registration_cancel(registration=first, token=token)
    run_jobs()
    cancelled, promoted = sorted(mail.outbox, key=lambda m: m.to[0])
    assert str(calendar_of(cancelled)["METHOD"]) == "CANCEL"
    assert subject_in("promoted", event) == promoted.subject and event.online_link in promoted.body
    assert entry_of(promoted)["UID"] == entry_of(waiting)["UID"]
    assert entry_of(promoted)["SEQUENCE"] > entry_of(waiting)["SEQUENCE"]


def test_mails_are_in_the_registrants_language(event):
    register_committed(event, 1, language="ar")
    run_jobs()
    [message] = mail.outbox
    assert "Registration confirmed" not in message.subject
    assert message.subject == subject_in("confirmed", event, "ar") != subject_in("confirmed", event, "de")
    assert event.title in message.subject  # the title is data, in German


def test_cancelling_the_event_tells_everybody_with_a_calendar_cancellation(event, personas):
    register_committed(event, 1)
    register_committed(event, 2)
    run_jobs()
    mail.outbox.clear()
    with committed():
        services.event_set_status(actor=personas.coordinator, event=event, status=Event.Status.CANCELLED)
    run_jobs()
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert subject_in("event_cancelled", event) == message.subject
        assert str(calendar_of(message)["METHOD"]) == "CANCEL"
        assert str(entry_of(message)["STATUS"]) == "CANCELLED"


def test_reminders_go_out_once_two_days_ahead(personas, orgs):
    start_day = timezone.localdate() + timedelta(days=10)
    event = make_event(personas.coordinator, orgs.diakonie, capacity=1, days=10)
    register_committed(event, 1)
    register_committed(event, 2)  # waiting list: no reminder
    run_jobs()
    mail.outbox.clear()
    three_days_before = timezone.make_aware(timezone.datetime.combine(start_day - timedelta(days=3),
                                                                      timezone.datetime.min.time()))
    with time_machine.travel(three_days_before + timedelta(hours=7), tick=False):
        enqueue_due()
        run_jobs()
        assert not mail.outbox
    with time_machine.travel(three_days_before + timedelta(days=1, hours=7), tick=False):
        assert "event_reminders:" + (start_day - timedelta(days=2)).isoformat() in enqueue_due()
        run_jobs()
        assert [m.to for m in mail.outbox] == [["person1@example.org"]]
        assert subject_in("reminder", event) == mail.outbox[0].subject
        enqueue_due()  # the same day again: nothing new
        run_jobs()
        from apps.events.mails import send_reminders

        assert send_reminders(start_day) == 0  # the job itself is idempotent too
    assert len(mail.outbox) == 1
    assert Registration.objects.filter(reminder_sent_at__isnull=False).count() == 1


def test_network_users_get_their_mail_in_english_when_they_work_in_english(event, personas):
    with committed():
        services.registration_create_for_user(actor=personas.partner, event=event, consent=True, base_url=BASE,
                                              language="en")
    run_jobs()
    [message] = mail.outbox
    assert message.to == [personas.partner.email] and "/en/events/registration/" in message.body
