"""The portal's bot protection: challenge, honeypot, origin check, address and phone limits."""

from datetime import timedelta

import pytest
import time_machine
from django import forms
from django.core import signing
from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import timezone, translation
from django.utils.translation import gettext

from apps.portal import protection
from apps.portal.protection import PortalForm, protected_post

START = timezone.make_aware(timezone.datetime(2026, 3, 2, 10, 0))


class NameForm(PortalForm):
    name = forms.CharField(max_length=20)


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()
    translation.deactivate()


def _issued_form(form_name="test"):
    form = NameForm(form_name=form_name)
    return form.initial["challenge"]


def _post(challenge, **extra):
    return {"name": "Amina", "challenge": challenge, "website": "", **extra}


def test_a_form_sent_after_a_few_seconds_is_accepted():
    with time_machine.travel(START, tick=False) as clock:
        challenge = _issued_form()
        clock.shift(timedelta(seconds=4))
        form = NameForm(_post(challenge), form_name="test")
        assert form.is_valid(), form.errors


def test_a_form_sent_too_fast_is_refused_and_keeps_the_typed_value():
    with time_machine.travel(START, tick=False) as clock:
        challenge = _issued_form()
        clock.shift(timedelta(seconds=1))
        form = NameForm(_post(challenge), form_name="test")
        assert not form.is_valid()
        assert form.non_field_errors() == [str(protection.TOO_FAST)]
        assert 'value="Amina"' in str(form["name"])
        # The same challenge is rendered again: a moment later the same page goes through.
        assert form["challenge"].value() == challenge
        clock.shift(timedelta(seconds=3))
        assert NameForm(_post(form["challenge"].value()), form_name="test").is_valid()


def test_a_form_older_than_two_hours_is_refused_with_a_fresh_challenge():
    with time_machine.travel(START, tick=False) as clock:
        challenge = _issued_form()
        clock.shift(timedelta(hours=2, seconds=1))
        form = NameForm(_post(challenge), form_name="test")
        assert not form.is_valid()
        assert form.non_field_errors() == [str(protection.TOO_OLD)]
        assert 'value="Amina"' in str(form["name"])
        fresh = form["challenge"].value()
        assert fresh != challenge
        clock.shift(timedelta(seconds=5))
        assert NameForm(_post(fresh), form_name="test").is_valid()


@pytest.mark.parametrize("challenge", [
    "", "forged", "x" * 5000,
    signing.dumps({"t": 0}, salt="portal.challenge.test"),  # issued in 1970: expired
    signing.dumps({"t": 1e12}, salt="portal.challenge.test"),  # issued in the future
    signing.dumps({"t": "soon"}, salt="portal.challenge.test"),
    signing.dumps({"t": 1}, salt="wrong salt"),
], ids=["empty", "forged", "long", "expired", "future", "not-a-time", "wrong-salt"])  # ids: the same in every worker
def test_a_missing_or_forged_challenge_is_refused(challenge):
    with time_machine.travel(START, tick=False):
        form = NameForm(_post(challenge), form_name="test")
        assert not form.is_valid()
        assert form.non_field_errors()


def test_a_challenge_of_another_form_does_not_open_this_one():
    with time_machine.travel(START, tick=False) as clock:
        challenge = _issued_form("callback")
        clock.shift(timedelta(seconds=10))
        assert not NameForm(_post(challenge), form_name="booking").is_valid()
        assert NameForm(_post(challenge), form_name="callback").is_valid()


def test_a_filled_honeypot_is_refused_without_saying_why():
    with time_machine.travel(START, tick=False) as clock:
        challenge = _issued_form()
        clock.shift(timedelta(seconds=10))
        form = NameForm(_post(challenge, website="http://spam.example"), form_name="test")
        assert not form.is_valid()
        assert form.non_field_errors() == [str(protection.NOT_VALID)]
        assert "website" not in form.errors


def test_the_honeypot_is_hidden_from_people_and_keyboards():
    html = str(NameForm(form_name="test")["website"])
    assert 'tabindex="-1"' in html and 'autocomplete="off"' in html


def test_field_errors_are_our_own_translated_words():
    with translation.override("de"):
        form = NameForm({"name": "x" * 50}, form_name="test")
        form.is_valid()
        assert form.errors["name"] == [str(protection.FIELD_MESSAGES["max_length"])]
        form = NameForm({"name": ""}, form_name="test")
        form.is_valid()
        assert form.errors["name"] == [str(protection.FIELD_MESSAGES["required"])]


# --- protected_post ---------------------------------------------------------------------

@protected_post("test")
def _view(request):
    return HttpResponse("ok")


def _request(method="post", **headers):
    factory = RequestFactory()
    request = getattr(factory, method)("/de/callback/", {"name": "x"}, **headers)
    translation.activate("de")
    return request


def test_get_passes_without_any_header():
    assert _view(_request("get")).status_code == 200


def test_a_post_from_this_site_passes():
    assert _view(_request(HTTP_ORIGIN="http://testserver")).status_code == 200
    assert _view(_request(HTTP_REFERER="http://testserver/de/callback/")).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("headers", [
    {},  # neither Origin nor Referer
    {"HTTP_ORIGIN": "http://evil.example"},
    {"HTTP_ORIGIN": "null"},
    {"HTTP_ORIGIN": "https://testserver"},  # another scheme is another origin
    {"HTTP_REFERER": "http://evil.example/de/callback/"},
    {"HTTP_REFERER": "not a url"},
    {"HTTP_ORIGIN": "http://evil.example", "HTTP_REFERER": "http://testserver/de/"},
])
def test_a_post_from_elsewhere_is_refused_with_a_translated_page(headers):
    response = _view(_request(**headers))
    assert response.status_code == 403
    page = response.content.decode()
    assert 'lang="de"' in page
    assert gettext("For your safety, we only accept forms sent from this website. Please open the form "
                   "again and send it from there.") in page


def test_the_view_needs_no_csrf_cookie():
    assert getattr(_view, "csrf_exempt", False)


@pytest.mark.django_db
def test_an_address_that_sends_too_many_forms_gets_429(settings):
    settings.PORTAL_POST_RATES = {"test": (2, 600)}
    headers = {"HTTP_ORIGIN": "http://testserver", "REMOTE_ADDR": "203.0.113.5"}
    assert [_view(_request(**headers)).status_code for _ in range(3)] == [200, 200, 429]
    # Another address is not affected, nor are GETs from the blocked one.
    assert _view(_request(HTTP_ORIGIN="http://testserver", REMOTE_ADDR="203.0.113.6")).status_code == 200
    assert _view(_request("get", REMOTE_ADDR="203.0.113.5")).status_code == 200
    refused = _view(_request(**headers))
    assert refused["Retry-After"] == "600"
    assert gettext("Many forms were sent from your connection. Please wait a few minutes and try "
                   "again.") in refused.content.decode()


@pytest.mark.django_db
def test_the_address_limit_ends_with_its_window(settings):
    settings.PORTAL_POST_RATES = {"test": (1, 600)}
    headers = {"HTTP_ORIGIN": "http://testserver", "REMOTE_ADDR": "203.0.113.5"}
    with time_machine.travel(START, tick=False) as clock:
        assert _view(_request(**headers)).status_code == 200
        assert _view(_request(**headers)).status_code == 429
        clock.shift(timedelta(seconds=601))
        assert _view(_request(**headers)).status_code == 200


def test_a_phone_number_is_limited_per_day_and_scope(settings):
    settings.PORTAL_PHONE_RATE = (2, 86400)
    with time_machine.travel(START, tick=False) as clock:
        for _ in range(2):
            assert not protection.phone_limit_reached("callback", "+4915112345678")
            protection.phone_used("callback", "+4915112345678")
        assert protection.phone_limit_reached("callback", "+4915112345678")
        assert not protection.phone_limit_reached("callback", "+4915112345679")
        assert not protection.phone_limit_reached("booking", "+4915112345678")
        clock.shift(timedelta(days=1, seconds=1))
        assert not protection.phone_limit_reached("callback", "+4915112345678")


def test_the_cache_key_never_shows_the_phone_number():
    assert "15112345678" not in protection._phone_key("callback", "+4915112345678")
