"""Holder actions only on open bookings, notices only with consent, feeds die with access."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from apps.appointments import notices, services, sms
from apps.appointments.models import Appointment
from apps.appointments.selectors import token_hash
from apps.appointments.tests.factories import make_day
from apps.jobs.testing import run_jobs
from apps.mobile import services as mobile_services


def _past_booking(location, personas, token="tok"):
    past = make_day(location, personas.team_lead, on=timezone.localdate() - timedelta(days=1))
    return Appointment.objects.create(
        slot=past.slots.first(), day=past, organisation=past.organisation, pseudonym="P", language="fa",
        channel="public", confirmation_code="ZZZZ2222", manage_token_hash=token_hash(token))


def test_the_holder_cannot_rebook_or_cancel_an_attended_appointment(client, personas, location):
    appointment = _past_booking(location, personas)
    services.mark_attended(actor=personas.counsellor, appointment=appointment)
    future = make_day(location, personas.team_lead)
    with pytest.raises(ValidationError):
        services.appointment_rebook(token="tok", appointment=appointment, new_slot=future.slots.first())
    with pytest.raises(ValidationError):
        services.appointment_cancel(appointment=appointment, token="tok")
    appointment.refresh_from_db()
    assert (appointment.status, appointment.day_id) == ("attended", appointment.slot.day_id)
    assert appointment.slot.day.date < timezone.localdate() and appointment.cancelled_at is None


def test_the_holder_cannot_cancel_a_booking_that_has_begun(personas, location):
    appointment = _past_booking(location, personas)
    with pytest.raises(ValidationError):
        services.appointment_cancel(appointment=appointment, token="tok")
    with pytest.raises(ValidationError):
        services.appointment_rebook(token="tok", appointment=appointment,
                                    new_slot=make_day(location, personas.team_lead).slots.first())


def test_staff_cannot_cancel_a_recorded_outcome(personas, location):
    appointment = _past_booking(location, personas)
    services.mark_no_show(actor=personas.counsellor, appointment=appointment)
    with pytest.raises(ValidationError):
        services.appointment_cancel(actor=personas.counsellor, appointment=appointment)
    appointment.refresh_from_db()
    assert appointment.status == "no_show"


def test_no_notice_without_consent_and_never_the_case_file_address(personas, day, iom_case,
                                                                  django_capture_on_commit_callbacks):
    person = iom_case.household.members.get().person
    person.email = "client@example.org"
    person.save()
    first, second, _third = day.slots.all()
    services.appointment_book(actor=personas.counsellor, slot=first, person=person,
                              data={"language": "fa", "phone": "015123456789", "consent": False})
    services.appointment_book(actor=personas.counsellor, slot=second, person=person,
                              data={"language": "fa", "phone": "015198765432", "consent": True})
    with django_capture_on_commit_callbacks(execute=True):
        mobile_services.day_cancel(actor=personas.team_lead, day=day, reason="Beraterin krank",
                                   expected_version=day.version)
    run_jobs()
    assert mail.outbox == []  # the consenting holder gave no address; the case file's is not used
    assert [m.phone for m in sms.outbox] == ["+4915198765432"]
    assert "krank" not in sms.outbox[0].text


def test_no_reminder_without_consent(personas, location):
    tomorrow = make_day(location, personas.team_lead, on=timezone.localdate() + timedelta(days=1))
    services.appointment_book(actor=personas.counsellor, slot=tomorrow.slots.first(),
                              data={"pseudonym": "A", "language": "de", "phone": "015123456789"})
    assert notices.send_reminders(tomorrow.date) == 0
    assert sms.outbox == []


@pytest.mark.parametrize("offboard", ["user", "membership"])
def test_a_counsellor_feed_ends_with_the_account(client, personas, day, offboard):
    _token, plain = services.calendar_token_create(actor=personas.counsellor, user=personas.counsellor)
    url = reverse("appointments:counsellor_feed", args=[plain])
    assert client.get(url).status_code == 200
    if offboard == "user":
        personas.counsellor.is_active = False
        personas.counsellor.save()
    else:
        personas.counsellor.memberships.update(is_active=False)
    assert client.get(url).status_code == 404


def test_a_location_feed_ends_with_the_location(client, personas, day, location):
    _token, plain = services.calendar_token_create(actor=personas.team_lead, location=location)
    url = reverse("appointments:location_feed", args=[plain])
    assert client.get(url).status_code == 200
    location.is_active = False
    location.save()
    assert client.get(url).status_code == 404
