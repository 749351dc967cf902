"""Registrations: places and the waiting list, promotion when someone cancels, the deadline,
cancelled events, attendance and feedback; the last seat under concurrency."""

import threading
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections
from django.utils import timezone

from apps.audit.models import AuditEntry
from apps.events import selectors, services
from apps.events.models import Event, Registration
from apps.events.tests.helpers import BASE, make_event, register_public

S = Registration.Status


@pytest.fixture
def event(personas, orgs):
    return make_event(personas.coordinator, orgs.diakonie, capacity=2)


def test_places_fill_up_then_the_waiting_list_takes_the_rest(event):
    statuses = [register_public(event, n)[0].status for n in range(1, 5)]
    assert statuses == [S.CONFIRMED, S.CONFIRMED, S.WAITING, S.WAITING]
    event.refresh_from_db()
    assert event.seats_taken == 2


def test_a_cancelled_place_goes_to_the_first_on_the_waiting_list(event):
    first, token = register_public(event, 1)
    register_public(event, 2)
    third, _ = register_public(event, 3)
    fourth, _ = register_public(event, 4)
    services.registration_cancel(registration=first, token=token)
    third.refresh_from_db(); fourth.refresh_from_db(); first.refresh_from_db()  # noqa: E702
    assert (first.status, third.status, fourth.status) == (S.CANCELLED, S.CONFIRMED, S.WAITING)
    assert third.promoted_at is not None
    event.refresh_from_db()
    assert event.seats_taken == 2
    assert selectors.waiting_position(fourth) == 1


def test_cancelling_needs_the_right_token_or_the_registrant(event, personas):
    registration, _token = register_public(event, 1)
    with pytest.raises(PermissionDenied):
        services.registration_cancel(registration=registration, token="wrong")
    with pytest.raises(PermissionDenied):
        services.registration_cancel(registration=registration, actor=personas.partner)
    services.registration_cancel(registration=registration, actor=personas.coordinator)  # an organiser may


def test_more_places_move_the_waiting_list_up(event, personas):
    for n in range(1, 5):
        register_public(event, n)
    services.event_update(actor=personas.coordinator, event=event, data={"capacity": 3},
                          expected_version=Event.objects.get(pk=event.pk).version)
    assert list(event.registrations.values_list("status", flat=True)) == [S.CONFIRMED] * 3 + [S.WAITING]
    with pytest.raises(ValidationError):
        services.event_update(actor=personas.coordinator, event=event, data={"capacity": 2},
                              expected_version=Event.objects.get(pk=event.pk).version)


def test_the_last_seat_is_not_given_twice_from_a_stale_copy(event):
    """Both requests loaded the event while one seat was free: the counter decides, not the copy."""
    register_public(event, 1)
    stale = Event.objects.get(pk=event.pk)
    assert register_public(stale, 2)[0].status == S.CONFIRMED
    assert register_public(stale, 3)[0].status == S.WAITING


@pytest.mark.django_db(transaction=True)
def test_two_registrations_for_the_last_seat_never_both_get_it(personas, orgs):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises every writer, so nothing would race")
    event = make_event(personas.coordinator, orgs.diakonie, capacity=1)
    threads_count = 6
    barrier = threading.Barrier(threads_count)
    errors = []

    def attempt(n):
        try:
            barrier.wait()
            register_public(event, n)
        except Exception as error:  # noqa: BLE001 - surfaced in the assertion below
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    statuses = sorted(Registration.objects.filter(event=event).values_list("status", flat=True))
    assert statuses == [S.CONFIRMED] + [S.WAITING] * (threads_count - 1)
    assert Event.objects.get(pk=event.pk).seats_taken == 1


def test_the_deadline_closes_registration(personas, orgs):
    event = make_event(personas.coordinator, orgs.diakonie, days=10)
    Event.objects.filter(pk=event.pk).update(registration_deadline=event.starts_at - timedelta(days=3))
    event.refresh_from_db()
    with time_machine.travel(event.starts_at - timedelta(days=3, minutes=1), tick=False):
        assert register_public(event, 1)[0].status == S.CONFIRMED
    with time_machine.travel(event.starts_at - timedelta(days=2), tick=False), \
            pytest.raises(ValidationError, match="deadline"):
        register_public(event, 2)


def test_nobody_registers_for_a_draft_or_a_cancelled_event(personas, orgs):
    draft = make_event(personas.coordinator, orgs.diakonie, publish=False)
    with pytest.raises(ValidationError):
        register_public(draft, 1)
    services.event_set_status(actor=personas.coordinator, event=draft, status=Event.Status.PUBLISHED)
    register_public(draft, 1)
    services.event_set_status(actor=personas.coordinator, event=draft, status=Event.Status.CANCELLED)
    with pytest.raises(ValidationError, match="cancelled"):
        register_public(draft, 2)


def test_one_address_registers_once(event):
    register_public(event, 1)
    with pytest.raises(ValidationError) as raised:
        register_public(event, 2, email="PERSON1@example.org")
    assert "email" in raised.value.error_dict


def test_a_network_user_registers_with_their_account(event, personas, orgs):
    registration, _ = services.registration_create_for_user(actor=personas.authority, event=event, consent=True,
                                                            base_url=BASE, language="en")
    assert (registration.name, registration.email, registration.organisation) == (
        personas.authority.full_name, personas.authority.email, orgs.authority)
    assert registration.manage_link.startswith(f"{BASE}/en/events/registration/")
    with pytest.raises(PermissionDenied):
        services.registration_create_for_user(actor=personas.statistics, event=event, consent=True, base_url=BASE)


def test_only_organisers_of_the_organisation_organise(personas, orgs):
    with pytest.raises(PermissionDenied):
        make_event(personas.network_admin, orgs.diakonie)
    with pytest.raises(PermissionDenied):
        make_event(personas.authority, orgs.authority)


def test_an_event_in_person_needs_a_place_and_an_online_one_a_link(personas, orgs):
    with pytest.raises(ValidationError) as raised:
        make_event(personas.coordinator, orgs.diakonie, format="online", online_link="", place="", address="")
    assert set(raised.value.error_dict) == {"online_link"}
    with pytest.raises(ValidationError) as raised:
        make_event(personas.coordinator, orgs.diakonie, format="in_person", place="", address="")
    assert set(raised.value.error_dict) == {"place"}


def test_attendance_and_feedback_after_the_event(event, personas, orgs):
    came, _ = register_public(event, 1)
    stayed_away, _ = register_public(event, 2)
    with pytest.raises(ValidationError):
        services.attendance_mark(actor=personas.coordinator, event=event, marks={came.pk: S.ATTENDED})
    with time_machine.travel(event.ends_at + timedelta(hours=1), tick=False):
        with pytest.raises(PermissionDenied):
            services.attendance_mark(actor=personas.network_admin, event=event, marks={came.pk: S.ATTENDED})
        changed = services.attendance_mark(actor=personas.coordinator, event=event,
                                           marks={came.pk: S.ATTENDED, stayed_away.pk: S.NO_SHOW})
        assert changed == 2
        assert Event.objects.get(pk=event.pk).seats_taken == 1
        came.refresh_from_db(); stayed_away.refresh_from_db()  # noqa: E702
        with pytest.raises(ValidationError):
            services.feedback_submit(registration=stayed_away, overall=5, usefulness=5)
        with pytest.raises(ValidationError):
            services.feedback_submit(registration=came, overall=6, usefulness=5)
        services.feedback_submit(registration=came, overall=4, usefulness=5, comment="Sehr hilfreich")
        with pytest.raises(ValidationError):
            services.feedback_submit(registration=came, overall=1, usefulness=1)
    results = selectors.feedback_results(event)
    assert results["count"] == 1 and results["overall"] == 4 and results["usefulness"] == 5
    assert results["distribution"]["overall"] == [(1, 0), (2, 0), (3, 0), (4, 1), (5, 0)]
    assert results["comments"] == ["Sehr hilfreich"]
    assert selectors.attendance_counts_by_organisation([orgs.authority.pk]) == {}


def test_attendance_counts_by_organisation_count_network_users_only(event, personas, orgs):
    mine, _ = services.registration_create_for_user(actor=personas.authority, event=event, consent=True,
                                                    base_url=BASE)
    public, _ = register_public(event, 1, organisation_name="Ausländerbehörde Trier")
    with time_machine.travel(event.starts_at + timedelta(minutes=5), tick=False):
        services.attendance_mark(actor=personas.coordinator, event=event,
                                 marks={mine.pk: S.ATTENDED, public.pk: S.ATTENDED})
    counts = selectors.attendance_counts_by_organisation([orgs.authority.pk, orgs.partner.pk])
    assert counts == {orgs.authority.pk: 1}


def test_registrations_are_audited_without_names(event):
    registration, _ = register_public(event, 1, name="Maria Muster")
    entry = AuditEntry.objects.filter(action="event.registered").get()
    assert entry.organisation_id == event.organisation_id
    assert "Muster" not in str(entry.details) and "person1" not in str(entry.details)
    assert timezone.now() - registration.consent_at < timedelta(minutes=1)


def test_hours_count_the_days_not_the_nights(personas, orgs):
    event = make_event(personas.coordinator, orgs.diakonie, hours=2.5)
    assert event.hours == 2.5
    day = timezone.localdate() + timedelta(days=20)
    start = timezone.make_aware(timezone.datetime(day.year, day.month, day.day, 9, 0))
    two_days = make_event(personas.coordinator, orgs.diakonie, starts_at=start,
                          ends_at=start + timedelta(days=1, hours=7, minutes=30))  # 9:00 to 16:30 next day
    assert two_days.hours == 2 * 7.5
    evening = make_event(personas.coordinator, orgs.diakonie, starts_at=start + timedelta(hours=10),
                         ends_at=start + timedelta(hours=16))  # 19:00 to 1:00: one stretch past midnight
    assert evening.hours == 6
