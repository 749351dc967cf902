"""Client languages (the portal, notices) and the staff languages the back office keeps to."""

import pytest
from django.test import override_settings
from django.urls import reverse

from apps.core import client_languages
from tests.factories import OrganisationFactory, member


@pytest.fixture(autouse=True)
def _german_installation(settings):
    settings.LANGUAGE_CODE = "de"


def test_thirteen_client_languages_each_named_in_itself():
    languages = {lang.code: lang for lang in client_languages.client_languages()}
    assert list(languages) == ["de", "en", "ar", "fa", "ps", "tr", "ru", "uk", "ka", "sq", "sr-latn", "kmr", "fr"]
    assert languages["ar"].name_local == "العربيّة" and languages["kmr"].name_local == "Kurmancî"
    assert languages["ps"].name_local == "پښتو" and languages["ka"].name_local == "ქართული"
    assert {code for code, lang in languages.items() if lang.rtl} == {"ar", "fa", "ps"}


@override_settings(REVIEWED_LANGUAGES=["de", "en", "tr"])
def test_reviewed_languages_are_data_of_the_installation():
    reviewed = {lang.code for lang in client_languages.client_languages() if lang.reviewed}
    assert reviewed == {"de", "en", "tr"}
    assert client_languages.client_language("ar").reviewed is False


@pytest.mark.parametrize("code,expected", [("ar", "ar"), ("sr-latn", "sr-latn"), ("xx", "de"), (None, "de"),
                                           ("", "de"), ("../de", "de")])
def test_unknown_languages_fall_back_to_german(code, expected):
    assert client_languages.client_language_or_default(code) == expected


def test_language_choices_name_the_language_in_german_and_in_itself(settings):
    settings.LANGUAGE_CODE = "de"
    choices = dict(client_languages.client_language_choices())
    assert set(choices) == {code for code, _name in settings.LANGUAGES}
    assert "العربيّة" in choices["ar"]


@pytest.mark.parametrize("accept,expected", [("ar", "de"), ("ar,en;q=0.8", "en"), ("fa, de;q=0.5", "de"),
                                             ("ru", "de"), ("en-GB,en;q=0.9", "en")])
def test_the_back_office_speaks_only_staff_languages(client, db, accept, expected):
    page = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE=accept).content.decode()
    assert f'lang="{expected}"' in page and 'dir="ltr"' in page


def test_the_staff_language_choice_wins_over_the_browser(client, db):
    client.cookies["django_language"] = "en"
    page = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert 'lang="en"' in page


def test_a_client_language_cookie_does_not_reach_the_back_office(client, db):
    client.cookies["django_language"] = "ar"
    page = client.get(reverse("accounts:login")).content.decode()
    assert 'lang="de"' in page


def test_the_back_office_language_menu_offers_staff_languages_only(client, db):
    page = client.get(reverse("accounts:login")).content.decode()
    assert 'value="en"' in page and 'value="ar"' not in page


@pytest.mark.parametrize("accept,target", [("ar", "/ar/"), ("fr-FR,fr;q=0.9", "/fr/"), ("", "/de/"),
                                           ("zh", "/de/"), ("uk,ru;q=0.5", "/uk/")])
def test_a_visitor_of_the_bare_address_meets_the_portal_in_their_language(client, db, accept, target):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 302 and response["Location"] == target
    assert not response.cookies


def test_signed_in_staff_keep_their_home_page(client, db):
    user = member(OrganisationFactory(), "counsellor")
    client.force_login(user)
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ar")
    assert response.get("Location", "") != "/ar/"


def test_other_anonymous_paths_still_lead_to_the_sign_in(client, db):
    response = client.get(reverse("cases:list"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
