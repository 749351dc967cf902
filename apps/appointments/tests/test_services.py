from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from apps.appointments import services
from apps.appointments.models import Appointment, CalendarToken
from apps.appointments.selectors import appointment_by_token, free_slots_of, token_hash
from apps.appointments.tests.factories import make_day, make_location
from apps.audit.models import AuditEntry
from apps.mobile.models import MobileCounsellingDay

CALLER = {"pseudonym": "Herr A.", "phone": "0151 23456789", "language": "fa"}


def book(actor, slot, **data):
    return services.appointment_book(actor=actor, slot=slot, data=CALLER | data)


def test_staff_book_a_caller_with_pseudonym_and_normalised_phone(personas, slot):
    appointment, token = book(personas.hotline, slot)
    assert appointment.phone == "+4915123456789"
    assert appointment.channel == "staff" and appointment.booked_by == personas.hotline
    assert appointment.organisation_id == slot.day.organisation_id and appointment.day == slot.day
    assert len(appointment.confirmation_code) == 8 and not set("01OIL") & set(appointment.confirmation_code)
    assert appointment.manage_token_hash == token_hash(token) and token not in appointment.manage_token_hash
    assert AuditEntry.objects.filter(action="appointment.booked", object_id=str(appointment.pk)).exists()


def test_phone_and_email_are_encrypted_at_rest(personas, slot):
    appointment, _token = book(personas.hotline, slot, email="caller@example.org")
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone, email FROM appointments_appointment WHERE id = %s", [appointment.pk])
        phone, email = cursor.fetchone()
    assert "23456789" not in phone and "example.org" not in email


def test_staff_book_a_visible_client(personas, orgs, slot, iom_case):
    person = iom_case.household.members.get().person
    appointment, _ = services.appointment_book(actor=personas.counsellor, slot=slot, person=person,
                                               data={"language": "ar"})
    assert appointment.person == person and appointment.pseudonym == ""


def test_a_person_the_actor_cannot_see_is_refused(personas, orgs, slot, restricted_case):
    person = restricted_case.household.members.get().person
    with pytest.raises(ValidationError) as error:
        services.appointment_book(actor=personas.hotline, slot=slot, person=person, data={"language": "ar"})
    assert "person" in error.value.message_dict


def test_booking_needs_a_client_or_pseudonym_and_a_valid_phone(personas, slot):
    with pytest.raises(ValidationError) as error:
        book(personas.hotline, slot, pseudonym="")
    assert "pseudonym" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        book(personas.hotline, slot, phone="12")
    assert "phone" in error.value.message_dict


def test_another_organisation_cannot_book(personas, slot):
    with pytest.raises(PermissionDenied):
        book(personas.diakonie_counsellor, slot)


def test_a_taken_slot_is_refused_with_a_clear_message(personas, slot):
    book(personas.hotline, slot)
    with pytest.raises(ValidationError, match="This slot has just been booked; choose another."):
        book(personas.counsellor, slot)
    assert slot not in free_slots_of(slot.day)


def test_the_database_refuses_a_second_active_booking_of_a_slot(personas, slot):
    first, _ = book(personas.hotline, slot)
    duplicate = Appointment(slot=slot, day=slot.day, organisation=first.organisation, pseudonym="B", language="de",
                            channel="staff", confirmation_code="ZZZZZZZZ", manage_token_hash="x" * 64)
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()
    services.appointment_cancel(actor=personas.hotline, appointment=first)
    duplicate.save()  # a cancelled booking frees the slot
    assert duplicate.pk


def test_past_slots_and_cancelled_days_cannot_be_booked(personas, location):
    past = make_day(location, personas.team_lead, on=timezone.localdate() - timedelta(days=1))
    with pytest.raises(ValidationError, match="past"):
        book(personas.hotline, past.slots.first())
    cancelled = make_day(location, personas.team_lead)
    MobileCounsellingDay.objects.filter(pk=cancelled.pk).update(status="cancelled")
    with pytest.raises(ValidationError, match="cancelled"):
        book(personas.hotline, cancelled.slots.first())


def test_public_booking_needs_a_public_day_consent_and_phone(personas, location, slot):
    internal = make_day(location, personas.team_lead, is_public=False)
    with pytest.raises(ValidationError, match="cannot be booked online"):
        services.appointment_book_public(slot=internal.slots.first(), pseudonym="A", phone="015123456789",
                                         language="fa", consent=True)
    with pytest.raises(ValidationError) as error:
        services.appointment_book_public(slot=slot, pseudonym="", phone="", language="fa", consent=False)
    assert {"pseudonym", "phone", "consent"} <= set(error.value.message_dict)
    appointment, token = services.appointment_book_public(slot=slot, pseudonym="A", phone="+49 151 23456789",
                                                          language="fa", consent=True)
    assert appointment.channel == "public" and appointment.booked_by is None and appointment.consent_given_at
    entry = AuditEntry.objects.get(action="appointment.booked", object_id=str(appointment.pk))
    assert entry.actor is None and entry.organisation_id == slot.day.organisation_id
    assert appointment_by_token(token) == appointment


def test_cancel_and_rebook_with_the_manage_token(personas, day):
    first, second, _third = day.slots.all()
    appointment, token = services.appointment_book_public(slot=first, pseudonym="A", phone="015123456789",
                                                          language="fa", consent=True)
    with pytest.raises(ValidationError, match="not valid"):
        services.appointment_cancel(appointment=appointment, token="wrong")
    services.appointment_rebook(token=token, appointment=appointment, new_slot=second)
    appointment.refresh_from_db()
    assert appointment.slot == second and first in free_slots_of(day)
    services.appointment_cancel(appointment=appointment, token=token, reason="ill")
    appointment.refresh_from_db()
    assert appointment.status == "cancelled" and appointment.cancelled_at and appointment.cancelled_by is None
    with pytest.raises(ValidationError):
        services.appointment_cancel(appointment=appointment, token=token)


def test_rebook_stays_at_the_same_location_and_refuses_taken_slots(personas, orgs, day):
    first, second, _third = day.slots.all()
    appointment, token = services.appointment_book_public(slot=first, pseudonym="A", phone="015123456789",
                                                          language="fa", consent=True)
    book(personas.hotline, second)
    with pytest.raises(ValidationError, match="just been booked"):
        services.appointment_rebook(token=token, appointment=appointment, new_slot=second)
    elsewhere = make_day(make_location(orgs.iom, ags="07111", name="Koblenz"), personas.team_lead)
    with pytest.raises(ValidationError, match="same place"):
        services.appointment_rebook(token=token, appointment=appointment, new_slot=elsewhere.slots.first())


def test_staff_cancel_is_versioned(personas, slot):
    appointment, _ = book(personas.hotline, slot)
    with pytest.raises(ValidationError, match="changed this record"):
        services.appointment_cancel(actor=personas.counsellor, appointment=appointment, version=99)
    services.appointment_cancel(actor=personas.counsellor, appointment=appointment, reason="asked")
    assert Appointment.objects.get(pk=appointment.pk).cancelled_by == personas.counsellor


def test_outcome_only_after_the_start(personas, location):
    day = make_day(location, personas.team_lead)
    appointment, _ = book(personas.hotline, day.slots.first())
    with pytest.raises(ValidationError, match="not begun"):
        services.mark_no_show(actor=personas.counsellor, appointment=appointment)
    day.slots.filter(pk=appointment.slot_id).update(starts_at=timezone.now() - timedelta(minutes=5))
    appointment = Appointment.objects.select_related("slot").get(pk=appointment.pk)
    services.mark_no_show(actor=personas.counsellor, appointment=appointment)
    assert Appointment.objects.get(pk=appointment.pk).status == "no_show"
    appointment = Appointment.objects.select_related("slot").get(pk=appointment.pk)
    services.mark_attended(actor=personas.counsellor, appointment=appointment)
    assert Appointment.objects.get(pk=appointment.pk).status == "attended"
    with pytest.raises(PermissionDenied):
        services.mark_attended(actor=personas.diakonie_counsellor, appointment=appointment)


def test_calendar_tokens_are_personal_and_revocable(personas, location):
    token, plain = services.calendar_token_create(actor=personas.counsellor, user=personas.counsellor)
    assert token.token_hash == token_hash(plain) and token.kind == "counsellor"
    with pytest.raises(ValidationError):
        services.calendar_token_create(actor=personas.counsellor, user=personas.hotline)
    with pytest.raises(ValidationError):
        services.calendar_token_revoke(actor=personas.hotline, token=token)
    services.calendar_token_revoke(actor=personas.counsellor, token=token)
    assert CalendarToken.objects.get(pk=token.pk).revoked_at is not None
    location_token, _ = services.calendar_token_create(actor=personas.team_lead, location=location)
    assert location_token.kind == "location"
    with pytest.raises(PermissionDenied):
        services.calendar_token_create(actor=personas.counsellor, location=location)


