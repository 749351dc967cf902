"""Finding counselling: a district or a postcode leads to the district's offices, its next
public counselling days with free slots, the hotline and the callback link."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.translation import gettext, override

from apps.accounts.models import Office, Organisation
from apps.appointments import services
from apps.appointments.tests.factories import make_day, make_location
from apps.portal.forms import POSTCODE_INVALID
from apps.portal.models import PortalText
from apps.regions.models import District, Postcode
from tests.factories import OfficeFactory, OrganisationFactory

WESTERWALD = "07143"


@pytest.fixture
def westerwald(orgs, personas):
    location = make_location(orgs.iom, ags=WESTERWALD, name="Rathaus Montabaur, Raum 3")
    return make_day(location, personas.team_lead, on=timezone.localdate() + timedelta(days=3), slots=3)


def test_the_find_page_lists_every_district_and_sets_no_cookie(client, db):
    response = client.get("/de/find/")
    assert response.status_code == 200 and not response.cookies
    page = response.content.decode()
    assert len(re.findall(r'<option value="\d{5}"', page)) == District.objects.count() == 36
    assert "public" in response["Cache-Control"]


def test_a_postcode_in_one_district_leads_to_its_page(client, db):
    response = client.get("/ar/find/", {"postcode": "56410"})
    assert response.status_code == 302 and response["Location"] == f"/ar/find/{WESTERWALD}/"


def test_a_chosen_district_leads_to_its_page(client, db):
    response = client.get("/de/find/", {"district": "07211", "postcode": ""})
    assert response["Location"] == "/de/find/07211/"


def test_a_postcode_spanning_two_districts_offers_both(client, db):
    spanning = Postcode.objects.get(code="53520", municipality="Drees")
    assert spanning.district.ags != Postcode.objects.get(code="53520", municipality="Insul").district.ags
    response = client.get("/de/find/", {"postcode": "53520"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'href="/de/find/07131/"' in page and 'href="/de/find/07233/"' in page
    assert "Drees" in page


@pytest.mark.parametrize("postcode", ["5641", "abcde", "564100", "٥٦٤١٠", "56 41", "<script>"])
def test_a_malformed_postcode_gets_a_clear_message_in_the_pages_language(client, db, postcode):
    response = client.get("/ar/find/", {"postcode": postcode})
    assert response.status_code == 200
    with override("ar"):
        assert str(POSTCODE_INVALID) in response.content.decode()


def test_an_unknown_postcode_gets_a_clear_message(client, db):
    response = client.get("/de/find/", {"postcode": "10115"})  # Berlin
    assert response.status_code == 200
    assert gettext("We do not know this postcode in Rhineland-Palatinate. Please check it or choose your "
                   "district from the list.") in response.content.decode()


def test_an_empty_search_asks_for_a_district_or_postcode(client, db):
    response = client.get("/de/find/", {"district": "", "postcode": ""})
    assert response.status_code == 200
    assert gettext("Please choose a district or enter your postcode.") in response.content.decode()


@pytest.mark.parametrize("ags", ["99999", "0714", "x" * 500, "07143 ", "%00"])
def test_an_unknown_district_is_a_404(client, db, ags):
    assert client.get(f"/de/find/{ags}/").status_code in {404, 400}
    assert client.get("/de/find/", {"district": ags}).status_code == 200


def test_the_district_page_shows_days_with_free_slots_as_booking_links(client, westerwald, orgs):
    first, second, third = westerwald.slots.order_by("starts_at")
    services.appointment_book_public(slot=second, pseudonym="A", phone="015123456789", language="de",
                                     consent=True)
    hidden = make_day(westerwald.location, westerwald.created_by, is_public=False,
                      on=timezone.localdate() + timedelta(days=4))
    response = client.get(f"/de/find/{WESTERWALD}/")
    assert response.status_code == 200 and not response.cookies
    page = response.content.decode()
    assert "Rathaus Montabaur, Raum 3" in page
    assert f'href="/de/book/{first.pk}/"' in page and f'href="/de/book/{third.pk}/"' in page
    assert f'href="/de/book/{second.pk}/"' not in page  # booked
    assert not any(f"/de/book/{slot.pk}/" in page for slot in hidden.slots.all())  # not public
    assert 'href="/de/callback/"' in page
    assert westerwald.date.strftime("%d.%m.%Y") in page


def test_the_district_page_shows_the_hotline_number_and_hours_in_the_language(client, db):
    PortalText.objects.create(key="hotline_number", language="", value="0800 1234567")
    PortalText.objects.create(key="hotline_hours", language="ar", value="من الاثنين إلى الجمعة")
    page = client.get(f"/ar/find/{WESTERWALD}/").content.decode()
    assert 'href="tel:08001234567"' in page and "من الاثنين إلى الجمعة" in page


def test_offices_in_the_district_are_listed(client, orgs, personas):
    OfficeFactory(organisation=orgs.iom, name="AfA Trier (Test)", kind=Office.Kind.RECEPTION_FACILITY,
                  district=District.objects.get(ags="07211"), city="Trier")
    authority = OrganisationFactory(code="ABHX", name="ABH", kind=Organisation.Kind.AUTHORITY)
    OfficeFactory(organisation=authority, name="Ausländerbehörde (nicht zu zeigen)",
                  district=District.objects.get(ags="07211"))
    page = client.get("/de/find/07211/").content.decode()
    assert "AfA Trier (Test)" in page and "nicht zu zeigen" not in page


def test_without_an_office_in_the_district_the_nearest_ones_are_listed(client, orgs, personas):
    trier = District.objects.get(ags="07211")
    OfficeFactory(organisation=orgs.iom, name="AfA Trier (Test)", kind=Office.Kind.RECEPTION_FACILITY,
                  district=trier)
    OfficeFactory(organisation=orgs.iom, name="Büro Mainz (Test)", district=District.objects.get(ags="07315"))
    # Trier-Saarburg surrounds Trier: Trier's office is the nearest, Mainz further away.
    page = client.get("/de/find/07235/").content.decode()
    assert page.index("AfA Trier (Test)") < page.index("Büro Mainz (Test)")
    assert gettext("There is no counselling office in this district. These offices are the nearest:") in page


def _district_page_queries(client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/de/find/{WESTERWALD}/")
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_the_district_page_costs_the_same_queries_for_one_or_five_days(client, orgs, personas):
    location = make_location(orgs.iom, ags=WESTERWALD)
    make_day(location, personas.team_lead, on=timezone.localdate() + timedelta(days=2), slots=4)
    _district_page_queries(client)  # warm the site-wide lookups
    one_day, page = _district_page_queries(client)
    assert page.count("/de/book/") == 4
    for offset in range(4):
        make_day(location, personas.team_lead, on=timezone.localdate() + timedelta(days=3 + offset), slots=4)
    five_days, page = _district_page_queries(client)
    assert page.count("/de/book/") == 20
    # district, offices, days, their free slots, the portal texts (frame and page share them)
    assert one_day == five_days <= 5, five_days
