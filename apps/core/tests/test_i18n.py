from django.test import override_settings
from django.urls import reverse


@override_settings(LANGUAGE_CODE="de")
def test_german_is_the_default_language(client, db):
    page = client.get(reverse("accounts:login")).content.decode()
    assert 'lang="de"' in page and "Anmelden" in page


def test_english_on_request(client, db):
    page = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'lang="en"' in page and "Sign in" in page


def test_language_switch_sets_the_cookie(client, db):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302 and response.cookies["django_language"].value == "en"


def test_right_to_left_languages_set_dir_rtl_on_client_pages(client, db):
    page = client.get("/ar/").content.decode()
    assert 'dir="rtl"' in page and 'lang="ar"' in page
