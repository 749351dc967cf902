"""Public links: a guessing address is blocked for wrong links only; valid links keep working."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from apps.appointments import services


@pytest.fixture
def limits(settings):
    settings.APPOINTMENT_PUBLIC_RATE = (3, 600)
    settings.APPOINTMENT_LINK_RATE = (5, 600)
    cache.clear()
    yield
    cache.clear()


def _guess(client, name, kwarg, times):
    return [client.get(reverse(f"appointments:{name}", kwargs={kwarg: f"guess{i}"})).status_code
            for i in range(times)]


def test_a_guessing_address_still_gets_its_valid_feed(client, personas, day, limits):
    _token, plain = services.calendar_token_create(actor=personas.team_lead, location=day.location)
    assert _guess(client, "location_feed", "location_token", 5) == [404, 404, 404, 429, 429]
    valid = client.get(reverse("appointments:location_feed", args=[plain]))
    assert valid.status_code == 200 and valid["Content-Type"].startswith("text/calendar")
    assert _guess(client, "location_feed", "location_token", 1) == [429]  # the guesser stays blocked


def test_a_guessing_address_still_reaches_a_valid_manage_link(client, day, limits):
    _appointment, token = services.appointment_book_public(
        slot=day.slots.first(), pseudonym="A.", phone="015123456789", language="fa", consent=True)
    assert _guess(client, "manage", "manage_token", 4) == [404, 404, 404, 429]
    assert client.get(reverse("appointments:manage", args=[token])).status_code == 302  # to the portal's page


def test_wrong_links_from_another_address_do_not_count(client, day, limits):
    assert _guess(client, "manage", "manage_token", 4)[-1] == 429
    other = client.get(reverse("appointments:manage", args=["guess"]), REMOTE_ADDR="192.0.2.77")
    assert other.status_code == 404


def test_one_valid_link_used_too_often_is_limited_on_its_own(client, personas, day, limits):
    _token, plain = services.calendar_token_create(actor=personas.team_lead, location=day.location)
    statuses = [client.get(reverse("appointments:location_feed", args=[plain])).status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]
    assert _guess(client, "location_feed", "location_token", 1) == [404]  # no guessing counted
