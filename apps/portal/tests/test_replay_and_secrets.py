"""A sent form's challenge opens no second submission; a challenge opens only its own slot's
form; each address books only so many times a day; the manage link's token stays on its page."""

import re
from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone
from django.utils.translation import gettext, override

from apps.accounts.models import Office
from apps.appointments.models import Appointment
from apps.appointments.tests.factories import make_day, make_location
from apps.hotline.models import CallbackRequest
from apps.portal.protection import NOT_VALID
from apps.portal.tests.forms_support import challenge_in, clock_fixture, fresh_limits_fixture, resend, send  # noqa: F401
from tests.factories import OfficeFactory

pytestmark = pytest.mark.django_db

BOOKING = {"name": "Amina", "phone": "0151 2345 6789", "email": "", "consent": "on"}
CALLBACK = {"language": "fa", "phone": "0151 2345 6789", "window": "afternoon", "first_name": "", "consent": "on"}


@pytest.fixture(autouse=True)
def _clean(fresh_limits):
    pass


@pytest.fixture
def day(orgs, personas):
    location = make_location(orgs.iom, ags="07143", name="Rathaus Montabaur")
    return make_day(location, personas.team_lead, on=timezone.localdate() + timedelta(days=5), slots=8)


def _slots(day):
    return list(day.slots.order_by("starts_at"))


def _phone(number: int) -> dict:
    return {**BOOKING, "phone": f"0151 2345 67{number:02d}"}


def test_one_challenge_books_one_slot_only(client, clock, day):
    first, second = _slots(day)[:2]
    page = client.get(f"/de/book/{first.pk}/")
    assert resend(client, clock, f"/de/book/{first.pk}/", page, BOOKING).status_code == 303
    # The same challenge, sent to another slot's form (another phone, so no other limit holds):
    other = send(client, clock, f"/de/book/{second.pk}/", _phone(2), challenge=challenge_in(page))
    assert other.status_code == 200
    assert Appointment.objects.count() == 1


def test_a_replayed_callback_request_is_refused_but_a_corrected_one_goes_through(client, clock, orgs):
    OfficeFactory(organisation=orgs.iom, name="Hotline", kind=Office.Kind.HOTLINE)
    url = "/de/callback/"
    page = client.get(url)
    wrong = resend(client, clock, url, page, {**CALLBACK, "phone": "12"})
    assert wrong.status_code == 200 and 'value="12"' in wrong.content.decode()  # the error keeps the input
    # Corrected with the same (unspent) challenge: accepted.
    assert resend(client, clock, url, wrong, CALLBACK).status_code == 303
    # The very same submission again (a replay), another number so no phone limit interferes:
    again = resend(client, clock, url, wrong, {**CALLBACK, "phone": "0151 9999 0000"})
    assert again.status_code == 200
    with override("de"):
        assert gettext(str(NOT_VALID)) in again.content.decode()
    assert CallbackRequest.objects.count() == 1
    # The refused page carries a fresh challenge: sending it (after a while) works.
    assert challenge_in(again) != challenge_in(wrong)
    assert resend(client, clock, url, again, {**CALLBACK, "phone": "0151 9999 0000"}).status_code == 303


@override_settings(PORTAL_ADDRESS_BOOKING_RATE=(2, 24 * 60 * 60))
def test_an_address_books_only_so_many_slots_a_day(client, clock, day):
    slots = _slots(day)
    for number, slot in enumerate(slots[:2]):
        assert send(client, clock, f"/de/book/{slot.pk}/", _phone(number)).status_code == 303
    third = send(client, clock, f"/de/book/{slots[2].pk}/", _phone(3))
    assert third.status_code == 200 and Appointment.objects.count() == 2
    assert "BOOKING" not in third.content.decode()  # the page renders, the form is kept
    assert 'value="0151 2345 6703"' in third.content.decode()
    # Another address is not affected.
    other = send(client, clock, f"/de/book/{slots[2].pk}/", _phone(3), headers={
        "HTTP_ORIGIN": "http://testserver", "REMOTE_ADDR": "192.0.2.7"})
    assert other.status_code == 303


def test_the_default_limit_is_five_bookings_per_address_and_day(settings):
    assert settings.PORTAL_ADDRESS_BOOKING_RATE == (5, 24 * 60 * 60)


def test_the_manage_page_keeps_its_token_to_itself(client, clock, day):
    manage_path = send(client, clock, f"/ar/book/{_slots(day)[0].pk}/", BOOKING)["Location"]
    token = re.fullmatch(r"/ar/appointment/([\w-]+)/", manage_path).group(1)
    html = client.get(manage_path).content.decode()
    assert token not in html  # its forms post to the page itself (no action attribute)
    assert 'href="/ar/languages/"' in html
    # And the languages page does not translate a manage path handed to it.
    languages = client.get("/ar/languages/", {"next": manage_path}).content.decode()
    assert token not in languages


def test_other_pages_still_link_their_languages_back_to_themselves(client):
    assert 'href="/ar/languages/?next=/ar/find/"' in client.get("/ar/find/").content.decode()


def test_places_and_addresses_are_isolated_for_right_to_left_pages(client, clock, day):
    slot = _slots(day)[0]
    location = day.location
    address = f"{location.street}, {location.postcode} {location.city}" if location.street else \
        f"{location.postcode} {location.city}"
    for html in (client.get(f"/ar/book/{slot.pk}/").content.decode(),
                 client.get("/ar/find/07143/").content.decode()):
        assert "<bdi>Rathaus Montabaur</bdi>" in html and f"<bdi>{address}</bdi>" in html
    manage_path = send(client, clock, f"/ar/book/{slot.pk}/", BOOKING)["Location"]
    html = client.get(manage_path).content.decode()
    assert "<bdi>Rathaus Montabaur</bdi>" in html and f"<bdi>{address}</bdi>" in html
