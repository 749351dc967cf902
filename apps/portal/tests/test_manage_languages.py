"""The holder's manage page offers every client language and reads right to left in Arabic,
Persian and Pashto; switching keeps the secret link out of the page."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from apps.appointments import services
from apps.appointments.tests.factories import make_day, make_location


@pytest.fixture
def booking(orgs, personas):
    location = make_location(orgs.iom, ags="07143", name="Rathaus Montabaur")
    day = make_day(location, personas.team_lead, on=timezone.localdate() + timedelta(days=5), slots=1)
    _appointment, token = services.appointment_book(
        actor=personas.hotline, slot=day.slots.get(), data={"pseudonym": "A", "language": "ps"})
    return token


def test_the_manage_page_offers_every_client_language_and_marks_drafts(client, booking):
    html = client.get(f"/ps/appointment/{booking}/").content.decode()
    assert '<html lang="ps" dir="rtl">' in html
    for code, _name in settings.LANGUAGES:
        assert f'<option value="{code}" lang="{code}"' in html, code
    assert '<option value="ps" lang="ps" selected>' in html
    assert booking not in html  # the switch is a form coming back here, no link carries the token


@pytest.mark.parametrize(("code", "direction"), [("ar", "rtl"), ("fa", "rtl"), ("ru", "ltr"), ("kmr", "ltr")])
def test_switching_the_language_shows_the_same_page_in_it(client, booking, code, direction):
    response = client.get(f"/ps/appointment/{booking}/", {"language": code})
    assert response.status_code == 303 and response["Location"] == f"/{code}/appointment/{booking}/"
    html = client.get(response["Location"]).content.decode()
    assert f'<html lang="{code}" dir="{direction}">' in html


def test_an_unknown_language_stays_on_the_page(client, booking):
    response = client.get(f"/de/appointment/{booking}/", {"language": "xx"})
    assert response.status_code == 200
