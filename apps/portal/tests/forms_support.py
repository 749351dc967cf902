"""Helpers for the portal's form tests: a visitor who opens a form, takes a few seconds, and
sends it from this site (the Origin header a browser sets). The tests' clock stands still
(time_machine, tick=False) and moves only when a helper or the test shifts it."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone

from apps.jobs import sms

ORIGIN = {"HTTP_ORIGIN": "http://testserver"}
CHALLENGE = re.compile(r'name="challenge" value="([^"]+)"')


@pytest.fixture(name="fresh_limits")
def fresh_limits_fixture():
    """Rate limits, spent challenges and the SMS log start empty and are left empty."""
    cache.clear()
    sms.outbox.clear()
    yield
    cache.clear()
    sms.outbox.clear()


@pytest.fixture(name="clock")
def clock_fixture():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


def challenge_in(response) -> str:
    found = CHALLENGE.search(response.content.decode())
    assert found, "the form carries no challenge"
    return found.group(1)


def send(client, clock, url: str, data: dict, *, seconds: float = 5, headers: dict | None = None,
         challenge=None):
    """Open the form (GET) unless a challenge is given, wait `seconds`, send it (POST)."""
    if challenge is None:
        challenge = challenge_in(client.get(url))
    clock.shift(timedelta(seconds=seconds))
    return client.post(url, {"challenge": challenge, "website": "", **data},
                       **(ORIGIN if headers is None else headers))


def resend(client, clock, url: str, page, data: dict, *, seconds: float = 5, headers: dict | None = None):
    """Send the form again as rendered on `page` (an error page), after `seconds`."""
    return send(client, clock, url, data, seconds=seconds, headers=headers, challenge=challenge_in(page))
