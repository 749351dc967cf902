"""Two people can never get the same slot: bookings race in parallel threads, each with its
own database connection, and exactly one wins."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from apps.appointments import services
from apps.appointments.models import Appointment
from apps.appointments.tests.factories import make_day, make_location
from apps.audit.testing import append_only_guard_lifted  # noqa: F401
from tests.factories import ensure_reference_data

THREADS = 6


def _in_memory_sqlite() -> bool:
    return connection.vendor == "sqlite" and connection.is_in_memory_db()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("append_only_guard_lifted")
def test_parallel_bookings_of_one_slot_give_exactly_one_appointment(orgs, personas):
    if _in_memory_sqlite():
        pytest.skip("an in-memory SQLite database is private to one connection's shared cache, whose table "
                    "locks fail at once instead of waiting; run with SQLITE_TEST_NAME (a file) or PostgreSQL")
    ensure_reference_data()
    day = make_day(make_location(orgs.iom), personas.team_lead)
    slot = day.slots.first()
    barrier = threading.Barrier(THREADS)
    outcomes, errors = [], []

    def attempt(n):
        try:
            barrier.wait()
            services.appointment_book_public(slot=slot, pseudonym=f"Caller {n}", phone="015123456789",
                                             language="ar", consent=True)
            outcomes.append("booked")
        except ValidationError as error:
            outcomes.append("taken" if "just been booked" in str(error) else repr(error))
        except Exception as error:  # noqa: BLE001 - surfaced in the assertion below
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sorted(outcomes) == ["booked"] + ["taken"] * (THREADS - 1)
    assert Appointment.objects.filter(slot=slot, cancelled_at__isnull=True).count() == 1
