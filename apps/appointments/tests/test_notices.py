import logging
from datetime import timedelta

from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from apps.appointments import services, sms
from apps.appointments.models import Appointment
from apps.appointments.notices import language_of
from apps.appointments.tests.factories import make_day
from apps.jobs.testing import queued_tasks, run_jobs
from apps.mobile.signals import counselling_day_cancelled, counselling_day_moved


def book_public(slot, *, language="en", email="holder@example.org", phone="015123456789"):
    return services.appointment_book_public(slot=slot, pseudonym="A", phone=phone, language=language,
                                            consent=True, email=email)[0]


def cancel_day(actor, day, reason):
    with transaction.atomic():
        day.status = "cancelled"
        day.save()
        counselling_day_cancelled.send(sender=type(day), actor=actor, day=day, reason=reason)


def test_cancelling_a_day_cancels_bookings_and_notifies_on_commit(personas, day, django_capture_on_commit_callbacks):
    first, second, _ = day.slots.all()
    english = book_public(first)
    unknown_mail = book_public(second, email="", language="fa")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        cancel_day(personas.team_lead, day, "Room not available")
        assert not mail.outbox  # nothing leaves before the commit
    assert len(callbacks) == 2
    # The commit only enqueued one notice job per booking; nothing was sent yet.
    assert queued_tasks("apps.appointments.tasks.send_appointment_notice").count() == 2
    assert not mail.outbox and not sms.outbox
    run_jobs()
    assert [m.to for m in mail.outbox] == [["holder@example.org"]]
    message = mail.outbox[0]
    assert message.subject == "Your counselling appointment has been cancelled"
    assert english.confirmation_code in message.body and "Room not available" not in message.body
    assert all("Room not available" not in m.text for m in sms.outbox)
    assert [m.phone for m in sms.outbox] == ["+4915123456789", "+4915123456789"]
    for appointment in (english, unknown_mail):
        appointment.refresh_from_db()
        assert appointment.status == "cancelled" and appointment.notice_sent_at is not None


def test_the_notice_language_is_the_holders_where_a_translation_exists(personas, day, settings):
    first, second, third = day.slots.all()
    assert language_of(book_public(first, language="fa")) == "fa"  # a client language
    assert language_of(book_public(second, language="sr-latn", phone="015123456780")) == "sr-latn"
    assert language_of(book_public(third, language="so", phone="015123456781")) == settings.LANGUAGE_CODE


def test_a_rolled_back_cancellation_sends_nothing(personas, day, django_capture_on_commit_callbacks):
    book_public(day.slots.first())
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                counselling_day_cancelled.send(sender=type(day), actor=personas.team_lead, day=day, reason="x")
                raise RuntimeError
        except RuntimeError:
            pass
    run_jobs()
    assert not mail.outbox and Appointment.objects.get().cancelled_at is None
    assert not queued_tasks().exists()


def test_moving_a_day_rebooks_the_same_time_or_cancels(personas, location, day, django_capture_on_commit_callbacks):
    first, _second, third = day.slots.all()
    kept = book_public(first)
    lost = book_public(third, email="other@example.org")
    new_day = make_day(location, personas.team_lead, on=day.date + timedelta(days=7), slots=2)
    with django_capture_on_commit_callbacks(execute=True):
        counselling_day_moved.send(sender=type(day), actor=personas.team_lead, old_day=day, new_day=new_day)
    run_jobs()
    kept.refresh_from_db()
    lost.refresh_from_db()
    assert kept.day == new_day and kept.slot.starts_at == first.starts_at + timedelta(days=7) and kept.is_active
    assert lost.status == "cancelled"  # the new day has no third slot
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects == {"holder@example.org": "Your counselling appointment has been moved",
                        "other@example.org": "Your counselling appointment has been cancelled"}


def test_reminders_go_once_for_tomorrows_bookings(personas, location, django_capture_on_commit_callbacks):
    tomorrow = make_day(location, personas.team_lead, on=timezone.localdate() + timedelta(days=1))
    later = make_day(location, personas.team_lead, on=timezone.localdate() + timedelta(days=3))
    due = book_public(tomorrow.slots.first())
    book_public(later.slots.first(), email="later@example.org")
    cancelled = book_public(tomorrow.slots.last(), email="cancelled@example.org")
    services.appointment_cancel(actor=personas.hotline, appointment=cancelled)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_appointment_reminders")
    assert not mail.outbox  # queued in the outbox, delivered by a job
    run_jobs()
    assert [m.to for m in mail.outbox] == [["holder@example.org"]]
    assert mail.outbox[0].subject == "Reminder: your counselling appointment tomorrow"
    assert len(sms.outbox) == 1
    due.refresh_from_db()
    assert due.reminder_sent_at is not None
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_appointment_reminders")
    run_jobs()
    assert len(mail.outbox) == 1 and len(sms.outbox) == 1


def test_the_logging_sms_backend_masks_the_number(caplog):
    with caplog.at_level(logging.INFO, logger="apps.jobs.sms"):
        sms.LoggingSmsBackend().send("+4915123456789", "Hello")
    assert "…789" in caplog.text and "15123456789" not in caplog.text
    assert sms.outbox[-1] == sms.SmsMessage(phone="+4915123456789", text="Hello")


def test_the_sms_backend_is_configurable(settings):
    from apps.jobs.sms import get_backend

    settings.SMS_BACKEND = "apps.appointments.sms.LoggingSmsBackend"
    assert isinstance(get_backend(), sms.LoggingSmsBackend)
