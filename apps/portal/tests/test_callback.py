"""Requesting a callback on the portal: the request reaches the hotline's queue; every error
keeps what was typed; the protection holds; no cookie is set."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils.translation import gettext, override

from apps.accounts.models import Office
from apps.core.client_languages import client_language
from apps.hotline.models import CallbackRequest
from apps.portal.forms import PHONE_INVALID
from apps.portal.protection import NOT_VALID, TOO_FAST, TOO_OLD
from apps.portal.tests.forms_support import clock_fixture, resend, send  # noqa: F401 (the clock fixture)
from tests.factories import OfficeFactory

URL = "/ar/callback/"
TYPED = {"language": "fa", "phone": "0151 2345 6789", "window": "afternoon", "first_name": "Soraya",
         "consent": "on"}


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def hotline(orgs):
    return OfficeFactory(organisation=orgs.iom, name="Hotline Rückkehrberatung", kind=Office.Kind.HOTLINE)


def assert_kept(response, typed=TYPED):
    """Every typed value is in the form again."""
    page = response.content.decode()
    assert response.status_code == 200
    assert f'value="{typed["phone"]}"' in page
    if typed.get("first_name"):
        assert f'value="{typed["first_name"]}"' in page
    assert re.search(rf'<option value="{typed["language"]}" lang="{typed["language"]}" selected', page)
    assert re.search(rf'value="{typed["window"]}"[^>]*checked', page)
    if typed.get("consent"):
        assert re.search(r'name="consent"[^>]*checked', page)


def test_the_form_speaks_the_pages_language_and_sets_no_cookie(client, db):
    response = client.get(URL)
    assert response.status_code == 200 and not response.cookies
    page = response.content.decode()
    assert 'lang="ar"' in page and 'dir="rtl"' in page
    # Every language named in itself (and marked as that language); the page's is preselected.
    assert re.search(rf'<option value="ar" lang="ar" selected>{client_language("ar").name_local}</option>', page)
    assert '<option value="ru" lang="ru">Русский</option>' in page
    assert re.search(r'value="anytime"[^>]*checked', page)


def test_a_request_reaches_the_queue_and_the_sent_page_shows_no_personal_data(client, hotline, clock):
    response = send(client, clock, URL, TYPED)
    assert response.status_code == 303
    assert response["Location"] == "/ar/callback/sent/"
    assert not response.cookies
    request = CallbackRequest.objects.get()
    assert (request.phone, request.language, request.window, request.first_name) == (
        "+4915123456789", "fa", "afternoon", "Soraya")
    assert request.source == "portal" and request.consent_given_at is not None
    sent = client.get(response["Location"])
    assert sent.status_code == 200 and not sent.cookies
    assert "6789" not in sent.content.decode()


def test_an_invalid_phone_number_keeps_everything_typed(client, hotline, clock):
    typed = {**TYPED, "phone": "12ab"}
    response = send(client, clock, URL, typed)
    assert_kept(response, typed)
    with override("ar"):
        assert str(PHONE_INVALID) in response.content.decode()
    assert not CallbackRequest.objects.exists()
    # Corrected at once (the same challenge stays good), the request goes through.
    fixed = resend(client, clock, URL, response, TYPED, seconds=1)
    assert fixed.status_code == 303


@pytest.mark.parametrize("change", [
    {"consent": ""}, {"window": "midnight"}, {"language": "xx"}, {"first_name": "S" * 61},
    {"phone": ""}, {"phone": "9" * 5000},
])
def test_every_field_error_keeps_the_other_typed_values(client, hotline, change, clock):
    typed = {**TYPED, **change}
    response = send(client, clock, URL, typed)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in page
    if "phone" not in change:
        assert f'value="{TYPED["phone"]}"' in page
    if "first_name" not in change:
        assert 'value="Soraya"' in page
    if "window" not in change:
        assert re.search(r'value="afternoon"[^>]*checked', page)
    if "language" not in change:
        assert re.search(r'<option value="fa" lang="fa" selected', page)
    assert not CallbackRequest.objects.exists()


def test_too_fast_keeps_everything_and_the_same_page_goes_through_a_moment_later(client, hotline, clock):
    response = send(client, clock, URL, TYPED, seconds=1)
    assert_kept(response)
    with override("ar"):
        assert str(TOO_FAST) in response.content.decode()
    assert resend(client, clock, URL, response, TYPED, seconds=3).status_code == 303


def test_a_page_open_for_hours_keeps_everything_and_gets_a_fresh_challenge(client, hotline, clock):
    response = send(client, clock, URL, TYPED, seconds=2 * 3600 + 1)
    assert_kept(response)
    with override("ar"):
        assert str(TOO_OLD) in response.content.decode()
    assert resend(client, clock, URL, response, TYPED).status_code == 303


def test_a_forged_challenge_and_a_filled_honeypot_are_refused_keeping_the_input(client, hotline, clock):
    forged = send(client, clock, URL, TYPED, challenge="forged")
    assert_kept(forged)
    bot = send(client, clock, URL, {**TYPED, "website": "http://spam.example"})
    assert_kept(bot)
    with override("ar"):
        assert str(NOT_VALID) in bot.content.decode()
    assert not CallbackRequest.objects.exists()


def test_a_post_from_another_site_is_refused(client, hotline, clock):
    response = send(client, clock, URL, TYPED, headers={"HTTP_ORIGIN": "https://evil.example"})
    assert response.status_code == 403 and not response.cookies
    assert 'lang="ar"' in response.content.decode()
    assert send(client, clock, URL, TYPED, headers={}).status_code == 403  # neither Origin nor Referer
    assert not CallbackRequest.objects.exists()


def test_one_address_can_send_only_so_many_forms(client, hotline, settings, clock):
    settings.PORTAL_POST_RATES = {"callback": (3, 600)}
    statuses = [send(client, clock, URL, {**TYPED, "phone": f"0151 2345 678{i}"}).status_code for i in range(4)]
    assert statuses == [303, 303, 303, 429]
    assert CallbackRequest.objects.count() == 3


def test_one_phone_number_can_ask_only_so_many_times_a_day(client, hotline, settings, clock):
    settings.PORTAL_PHONE_RATE = (2, 86400)
    assert [send(client, clock, URL, TYPED).status_code for _ in range(2)] == [303, 303]
    refused = send(client, clock, URL, TYPED)
    assert_kept(refused)
    assert "error-summary" in refused.content.decode()
    clock.shift(timedelta(days=1, minutes=1))
    assert send(client, clock, URL, TYPED).status_code == 303
    # The waiting request is not duplicated in the queue.
    assert CallbackRequest.objects.count() == 1


def test_without_a_hotline_the_visitor_is_told_to_call_and_keeps_the_input(client, db, clock):
    response = send(client, clock, URL, TYPED)
    assert_kept(response)
    with override("ar"):
        assert gettext("We cannot take callback requests right now. Please call the hotline.") in \
            response.content.decode()


@pytest.mark.parametrize("data", [
    {"phone": "\x00"}, {"first_name": "a\x00b"}, {"language": "ar" * 3000}, {"window": ["morning", "x"]},
    {"consent": "x" * 100_000},
])
def test_hostile_input_is_never_a_server_error(client, hotline, data, clock):
    response = send(client, clock, URL, {**TYPED, **data})
    assert response.status_code in {200, 303, 400}


def test_a_referer_of_this_site_suffices_when_the_browser_sends_no_origin(client, hotline, clock):
    response = send(client, clock, URL, TYPED, headers={"HTTP_REFERER": "http://testserver/ar/callback/"})
    assert response.status_code == 303

