"""The session is written at most once a minute and still ends after 30 idle minutes."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.core.sessions import REFRESHED_KEY
from tests.factories import TEST_PASSWORD

START = "2026-03-02T10:00:00+01:00"
PAGE = reverse("accounts:profile")  # a signed-in page; signed out it redirects to the sign-in


def session_writes(client, url=PAGE) -> tuple[int, int]:
    """GET url; the response status and how many statements wrote the session row."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    writes = [q["sql"] for q in queries.captured_queries
              if "django_session" in q["sql"] and q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))]
    return response.status_code, len(writes)


def expiry(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def signed_in(client, personas, clock):
    response = client.post(reverse("accounts:login"), {"username": "counsellor@iom.test",
                                                       "password": TEST_PASSWORD})
    assert response.status_code == 302
    return client


def test_no_write_within_a_minute_then_one_write(signed_in, clock, settings):
    first_expiry = expiry(signed_in)
    for seconds in (5, 20, 59):
        clock.move_to(f"2026-03-02T10:00:{seconds:02d}+01:00")
        assert session_writes(signed_in) == (200, 0)
    assert expiry(signed_in) == first_expiry

    clock.move_to("2026-03-02T10:01:00+01:00")
    assert session_writes(signed_in) == (200, 1)
    assert expiry(signed_in) == first_expiry + timedelta(seconds=60)
    assert signed_in.session[REFRESHED_KEY] == int(first_expiry.timestamp()) - settings.SESSION_COOKIE_AGE + 60
    clock.move_to("2026-03-02T10:01:30+01:00")
    assert session_writes(signed_in) == (200, 0)


def test_a_user_active_every_minute_stays_signed_in_well_beyond_30_minutes(signed_in, clock):
    for step in range(1, 2 * 60 + 1):  # every 50 s for 100 minutes
        clock.shift(timedelta(seconds=50))
        status, _ = session_writes(signed_in)
        assert status == 200, f"signed out after {step * 50} s"


def test_an_idle_session_ends_after_30_minutes_give_or_take_a_minute(signed_in, clock, settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    clock.move_to("2026-03-02T10:29:59+01:00")  # 29 min 59 s idle: still signed in (and written)
    assert session_writes(signed_in) == (200, 1)
    clock.move_to("2026-03-02T10:30:30+01:00")  # 31 s later: nothing written
    assert session_writes(signed_in) == (200, 0)
    # Idle from 10:30:30: the expiry counts from the write at 10:29:59, so the session ends
    # 29 min 30 s after the last request — never later than 30 minutes, at most a minute earlier.
    clock.move_to("2026-03-02T10:59:58+01:00")
    assert session_writes(signed_in)[0] == 200
    clock.move_to("2026-03-02T11:30:00+01:00")  # 30 min 2 s after the request at 10:59:58
    response = signed_in.get(PAGE)
    assert response.status_code == 302 and reverse("accounts:login") in response.url


def test_the_session_ends_at_most_a_minute_before_30_idle_minutes(signed_in, clock):
    clock.move_to("2026-03-02T10:00:59+01:00")
    assert session_writes(signed_in) == (200, 0)  # last request; the last write was at 10:00:00
    clock.move_to("2026-03-02T10:30:00+01:00")  # 29 min 1 s idle, 30 min after the last write
    assert signed_in.get(PAGE).status_code == 302


def test_anonymous_requests_get_no_session(client, db, settings):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert not Session.objects.exists()


def test_the_first_request_after_signing_in_writes_nothing(client, personas, clock):
    client.force_login(personas.counsellor)  # the test client's sign-in, past the middleware
    clock.move_to("2026-03-02T10:00:30+01:00")
    assert session_writes(client) == (200, 0)
