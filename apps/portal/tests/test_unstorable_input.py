"""Unstorable characters (NUL and the like) on the portal: its forms refuse them beside the
field and keep the rest; an address with them gets the portal's page in the visitor's
language. The back office keeps its plain 400."""

import pytest
from django.core.cache import cache
from django.utils.translation import gettext, override

from apps.accounts.models import Office
from apps.hotline.models import CallbackRequest
from apps.portal.tests.forms_support import clock_fixture, send  # noqa: F401 (the clock fixture)
from tests.factories import OfficeFactory

pytestmark = pytest.mark.django_db
TYPED = {"language": "fa", "phone": "0151 2345 6789", "window": "afternoon", "first_name": "Sor\x00aya",
         "consent": "on"}


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def test_a_nul_in_the_callback_form_is_a_field_error_and_the_rest_is_kept(client, clock, orgs):
    OfficeFactory(organisation=orgs.iom, name="Hotline", kind=Office.Kind.HOTLINE)
    response = send(client, clock, "/ar/callback/", TYPED)
    assert response.status_code == 200
    html = response.content.decode()
    with override("ar"):
        assert gettext("This entry contains characters that cannot be stored.") in html
    assert 'value="0151 2345 6789"' in html and '<html lang="ar" dir="rtl">' in html
    assert not CallbackRequest.objects.exists()


@pytest.mark.parametrize("path", ["/ar/find/?postcode=56%0010", "/ar/?x=%00", "/ar/find/07143%00/"])
def test_an_address_with_unstorable_characters_gets_the_portal_page_in_the_visitors_language(client, path):
    response = client.get(path)
    assert response.status_code == 400 and not response.cookies
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    with override("ar"):
        assert gettext("This address cannot be opened") in html


def test_the_back_office_keeps_its_plain_refusal(client):
    response = client.get("/accounts/login/?next=%00")
    assert response.status_code == 400 and response["Content-Type"].startswith("text/plain")
