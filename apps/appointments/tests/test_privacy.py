"""Appointments as a privacy source, and the retention of bookings of people without a case
and of cancelled bookings (the clock is fixed: due dates are computed from it)."""

from datetime import date, datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from apps.appointments import privacy, services
from apps.appointments.models import Appointment
from apps.appointments.tests.factories import make_day, make_location
from apps.cases.models import Case
from apps.privacy.registry import ANONYMISE, DELETE, ERASE, ErasureContext, RetentionScope, record_type
from tests.factories import make_case

BOOKED_AT = timezone.make_aware(datetime(2026, 3, 2, 10, 0))
DAY = date(2026, 3, 9)  # slots from 9:00, 45 minutes each


def at(year, month, day):
    return timezone.make_aware(datetime(year, month, day, 12, 0))


@pytest.fixture
def world(personas, orgs, iom_case, location):
    """On DAY: the client's booking (by staff), a pseudonymous online booking, and one of
    them cancelled; another organisation's pseudonymous booking."""
    principal = iom_case.household.members.get().person
    with time_machine.travel(BOOKED_AT, tick=False):
        day = make_day(location, personas.team_lead, on=DAY, slots=3)
        first, second, third = day.slots.all()
        client, token = services.appointment_book(actor=personas.counsellor, slot=first, person=principal, data={
            "phone": "0151 23456789", "email": "m.hosseini@example.org", "language": "fa", "consent": True})
        public, _ = services.appointment_book_public(slot=second, pseudonym="Herr A.", phone="0151 99999999",
                                                     language="ar", consent=True)
        cancelled, _ = services.appointment_book(actor=personas.counsellor, slot=third, person=principal,
                                                 data={"language": "fa"})
        services.appointment_cancel(appointment=cancelled, actor=personas.counsellor, reason="ill")
        elsewhere_day = make_day(make_location(orgs.diakonie, name="Diakonie Trier"), personas.team_lead, on=DAY,
                                 slots=1)
        elsewhere, _ = services.appointment_book_public(slot=elsewhere_day.slots.get(), pseudonym="B",
                                                        phone="0151 88888888", language="fa", consent=True)
    return {"person": principal, "client": client, "token": token, "public": public, "cancelled": cancelled,
            "elsewhere": elsewhere}


def context(person, mode, *, other=()):
    return ErasureContext(person_id=person.pk, organisation_id=person.organisation_id, mode=mode, names=[],
                          whole_case_ids=set(), shared_case_ids=set(), now=timezone.now(), other_case_ids=set(other))


def scope(organisation, now, months, held=()):
    return RetentionScope(organisation_id=organisation.pk, now=now, months=months, held_case_ids=frozenset(held))


def test_collect_gives_the_persons_bookings_with_contacts_and_place(world):
    records = privacy.collect(world["person"].pk)
    assert [record.kind for record in records] == ["appointment", "appointment"]
    booking = records[0].fields
    assert booking["Phone number"] == "+4915123456789" and booking["E-mail"] == "m.hosseini@example.org"
    assert booking["Status"] == "booked" and booking["Language"] == "Persian/Dari"
    assert booking["From"].startswith("2026-03-09T09:00")
    assert booking["Location"] == "Caritas Trier, Raum 2"
    assert records[1].fields["Status"] == "cancelled" and records[1].fields["Reason"] == "ill"
    assert "Herr A." not in repr(records)


def test_erase_deletes_the_persons_bookings_and_nobody_elses(world):
    ctx = context(world["person"], ERASE)
    privacy.erase(ctx)
    assert not Appointment.objects.filter(person=world["person"]).exists()
    assert Appointment.objects.filter(pk=world["public"].pk).exists()
    assert ctx.counts == {"appointments.appointment.deleted": 2}


def test_anonymise_clears_contacts_and_ends_the_holders_link(world):
    privacy.erase(context(world["person"], ANONYMISE))
    client = Appointment.objects.get(pk=world["client"].pk)
    assert client.phone == client.email == client.phone_hash == client.pseudonym == ""
    assert client.status == "booked" and client.slot_id == world["client"].slot_id
    with pytest.raises(ValidationError):
        services.appointment_cancel(appointment=client, token=world["token"])


def test_a_cases_retention_leaves_the_bookings_while_the_person_stays_for_another_case(personas, orgs, world):
    other = make_case(personas.counsellor, orgs.iom, family_name="Karimi", given_names="Ali")
    privacy.erase(context(world["person"], ERASE, other={other.pk}))
    privacy.erase(context(world["person"], ANONYMISE, other={other.pk}))  # the other case is open
    assert {a.phone for a in Appointment.objects.filter(person=world["person"])} == {"+4915123456789", ""}
    Case.objects.filter(pk=other.pk).update(status="closed", closed_at=timezone.now())
    privacy.erase(context(world["person"], ANONYMISE, other={other.pk}))  # the person is anonymised now
    assert {a.phone for a in Appointment.objects.filter(person=world["person"])} == {""}


def test_bookings_without_a_client_are_due_six_months_after_the_appointment(orgs, world):
    kind = record_type("appointments.without_client")
    assert kind.default_months == 6 and kind.default_action == DELETE
    assert not kind.due(scope(orgs.iom, at(2026, 9, 8), 6)).exists()
    due = kind.due(scope(orgs.iom, at(2026, 9, 10), 6))
    assert list(due) == [world["public"]]  # not the client's, not another organisation's
    assert kind.apply(due, DELETE) == 1
    assert not Appointment.objects.filter(pk=world["public"].pk).exists()
    assert Appointment.objects.filter(pk=world["elsewhere"].pk).exists()


def test_anonymising_a_due_booking_keeps_the_booking_without_contacts(orgs, world):
    kind = record_type("appointments.without_client")
    assert kind.apply(kind.due(scope(orgs.iom, at(2027, 1, 1), 6)), ANONYMISE) == 1
    public = Appointment.objects.get(pk=world["public"].pk)
    assert public.pseudonym == public.phone == ""


def test_cancelled_bookings_are_due_after_three_months_except_under_a_legal_hold(orgs, iom_case, world):
    kind = record_type("appointments.cancelled")
    assert not kind.due(scope(orgs.iom, at(2026, 6, 1), 3)).exists()
    assert list(kind.due(scope(orgs.iom, at(2026, 6, 3), 3))) == [world["cancelled"]]
    held = scope(orgs.iom, at(2026, 6, 3), 3, held={iom_case.pk})
    assert not kind.due(held).exists() and kind.held(held) == 1
    assert kind.apply([world["cancelled"].pk], DELETE) == 1
    assert Appointment.objects.filter(person=world["person"]).count() == 1
