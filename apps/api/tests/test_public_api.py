"""The public read endpoints of the migrants' site: districts and the postcode lookup, offices,
counselling days with their free slots. No token, no personal data, rate-limited."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.accounts.models import Office, Organisation
from apps.appointments import services
from apps.appointments.tests.factories import make_day, make_location
from apps.outreach.tests.helpers import make_material
from apps.regions.models import District
from tests.factories import OfficeFactory, OrganisationFactory

WESTERWALD = "07143"


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()


@pytest.fixture
def westerwald_day(orgs, personas):
    location = make_location(orgs.iom, ags=WESTERWALD, name="Bürgerhaus Montabaur")
    location.accessibility = ["step_free"]
    location.save()
    day = make_day(location, personas.team_lead, counsellors=[personas.counsellor])
    return day


def test_all_districts_without_a_postcode(client, orgs):
    response = client.get("/api/v1/public/districts")
    assert response.status_code == 200
    districts = response.json()
    assert len(districts) == 36
    westerwald = next(d for d in districts if d["ags"] == WESTERWALD)
    assert westerwald == {"ags": WESTERWALD, "name": "Westerwaldkreis", "kind": "landkreis", "seat": "Montabaur",
                          "municipalities": []}


def test_a_postcode_names_its_district_and_municipality(client, orgs):
    [district] = client.get("/api/v1/public/districts", {"postcode": "56410"}).json()
    assert district["ags"] == WESTERWALD and district["municipalities"] == ["Montabaur"]


def test_a_postcode_spanning_districts_names_each(client, orgs):
    districts = client.get("/api/v1/public/districts", {"postcode": "56271"}).json()
    assert len(districts) >= 2 and WESTERWALD in {d["ags"] for d in districts}
    assert all(d["municipalities"] for d in districts)


def test_a_postcode_outside_the_state_has_no_district(client, orgs):
    assert client.get("/api/v1/public/districts", {"postcode": "10115"}).json() == []


@pytest.mark.parametrize("postcode", ["5641", "56410a", "abcde", "564100", " "])
def test_a_malformed_postcode_is_a_clear_422(client, orgs, postcode):
    response = client.get("/api/v1/public/districts", {"postcode": postcode})
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"][-1] == "postcode" and error["msg"] == "A postcode has five digits, for example 56410."


def test_offices_are_the_counselling_offices_with_address_and_district(client, orgs, personas):
    trier = District.objects.get(ags="07211")
    Office.objects.filter(pk=personas.trier.pk).update(district=trier, street="Dasbachstraße 21", postcode="54292",
                                                        city="Trier", kind="reception_facility")
    OfficeFactory(organisation=orgs.iom, name="Hotline", kind=Office.Kind.HOTLINE, district=trier)
    OfficeFactory(organisation=orgs.partner, name="Caritas-Treff", kind=Office.Kind.PARTNER_PREMISES, district=trier)
    OfficeFactory(organisation=orgs.iom, name="Closed office", kind=Office.Kind.OFFICE, district=trier,
                  is_active=False)
    closed = OrganisationFactory(name="Closed provider", code="CLOSED", is_active=False,
                                 kind=Organisation.Kind.COUNSELLING_PROVIDER)
    OfficeFactory(organisation=closed, name="Old office", kind=Office.Kind.OFFICE, district=trier)
    mainz = OfficeFactory(organisation=orgs.diakonie, name="Kompetenzzentrum Mainz", kind=Office.Kind.OFFICE,
                          district=District.objects.get(ags="07315"))

    offices = client.get("/api/v1/public/offices").json()
    assert {o["name"] for o in offices} == {"AfA Trier", "Kompetenzzentrum Mainz"}
    afa = next(o for o in offices if o["name"] == "AfA Trier")
    assert afa == {"id": personas.trier.pk, "name": "AfA Trier", "organisation": "IOM Rheinland-Pfalz",
                   "kind": "reception_facility", "street": "Dasbachstraße 21", "postcode": "54292",
                   "city": "Trier", "district_ags": "07211", "district_name": "Trier"}
    in_mainz = client.get("/api/v1/public/offices", {"district": "07315"}).json()
    assert [o["id"] for o in in_mainz] == [mainz.pk]


def test_offices_of_an_unknown_or_malformed_district(client, orgs):
    assert client.get("/api/v1/public/offices", {"district": "99999"}).status_code == 404
    response = client.get("/api/v1/public/offices", {"district": "7143"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"] == "A district key (AGS) has five digits, for example 07143."


def test_counselling_days_list_the_free_slots_with_ids_and_no_personal_data(client, orgs, personas,
                                                                            westerwald_day):
    first, second, third = westerwald_day.slots.order_by("starts_at")
    services.appointment_book_public(slot=second, pseudonym="Zarah Pseudo", phone="015123456789",
                                     language="fa", consent=True)
    response = client.get("/api/v1/public/counselling-days")
    assert response.status_code == 200
    [day] = response.json()
    assert day["id"] == westerwald_day.pk and day["date"] == westerwald_day.date.isoformat()
    assert day["location_name"] == "Bürgerhaus Montabaur" and day["district_ags"] == WESTERWALD
    assert day["district_name"] == "Westerwaldkreis" and day["accessibility"] == ["step_free"]
    assert day["free_slots"] == 2 and [s["id"] for s in day["slots"]] == [first.pk, third.pk]
    body = response.content.decode()
    for secret in ("Zarah", "0151", personas.counsellor.full_name, personas.counsellor.email,
                   personas.team_lead.full_name):
        assert secret not in body


def test_a_listed_slot_id_books_anonymously(client, westerwald_day):
    [day] = client.get("/api/v1/public/counselling-days", {"postcode": "56410"}).json()
    slot_id = day["slots"][0]["id"]
    booked = client.post("/api/v1/public/bookings", {"slot_id": slot_id, "pseudonym": "A", "phone": "015123456789",
                                                     "language": "ar", "consent": True},
                         content_type="application/json")
    assert booked.status_code == 201
    [day] = client.get("/api/v1/public/counselling-days", {"postcode": "56410"}).json()
    assert slot_id not in [s["id"] for s in day["slots"]] and day["free_slots"] == 2


def test_only_planned_public_days_at_active_places_from_today(client, orgs, personas, westerwald_day):
    location = westerwald_day.location
    make_day(location, personas.team_lead, is_public=False)
    cancelled = make_day(location, personas.team_lead)
    cancelled.status = "cancelled"
    cancelled.save()
    make_day(location, personas.team_lead, on=timezone.localdate() - timedelta(days=1))
    closed = make_location(orgs.iom, ags=WESTERWALD, name="Closed place")
    closed.is_active = False
    closed.save()
    make_day(closed, personas.team_lead)
    assert [d["id"] for d in client.get("/api/v1/public/counselling-days").json()] == [westerwald_day.pk]


def test_slots_that_have_begun_are_not_free(client, westerwald_day, time_machine):
    first, second, _third = westerwald_day.slots.order_by("starts_at")
    time_machine.move_to(first.starts_at + timedelta(minutes=1), tick=False)
    [day] = client.get("/api/v1/public/counselling-days").json()
    assert day["slots"][0]["id"] == second.pk and day["free_slots"] == 2


def test_counselling_days_by_district_or_postcode(client, orgs, personas, westerwald_day):
    trier = make_day(make_location(orgs.iom), personas.team_lead)
    assert {d["id"] for d in client.get("/api/v1/public/counselling-days").json()} == {westerwald_day.pk, trier.pk}
    by_district = client.get("/api/v1/public/counselling-days", {"district": "07211"}).json()
    assert [d["id"] for d in by_district] == [trier.pk]
    by_postcode = client.get("/api/v1/public/counselling-days", {"postcode": "56410"}).json()
    assert [d["id"] for d in by_postcode] == [westerwald_day.pk]
    both = client.get("/api/v1/public/counselling-days", {"postcode": "56410", "district": "07211"}).json()
    assert both == []
    assert client.get("/api/v1/public/counselling-days", {"postcode": "10115"}).json() == []
    assert client.get("/api/v1/public/counselling-days", {"district": "99999"}).status_code == 404
    assert client.get("/api/v1/public/counselling-days", {"postcode": "x"}).status_code == 422


def test_counselling_days_are_limited_and_ordered(client, orgs, personas):
    location = make_location(orgs.iom)
    today = timezone.localdate()
    days = [make_day(location, personas.team_lead, on=today + timedelta(days=n)) for n in (9, 3, 6)]
    listed = client.get("/api/v1/public/counselling-days", {"limit": 2}).json()
    assert [d["id"] for d in listed] == [days[1].pk, days[2].pk]
    assert client.get("/api/v1/public/counselling-days", {"limit": 0}).status_code == 422
    assert client.get("/api/v1/public/counselling-days", {"limit": 51}).status_code == 422


def test_the_district_listing_now_carries_slot_ids(client, orgs, personas):
    day = make_day(make_location(orgs.iom), personas.team_lead)
    [entry] = client.get("/api/v1/public/districts/07211/counselling").json()
    assert [s["id"] for s in entry["slots"]] == list(day.slots.order_by("starts_at").values_list("pk", flat=True))


@pytest.mark.parametrize("path", ["/api/v1/public/counselling-days", "/api/v1/public/counselling-days?postcode=54290",
                                  "/api/v1/public/districts/07211/counselling"])
def test_query_count_is_the_same_for_one_and_five_days(client, orgs, personas, path):
    location = make_location(orgs.iom)
    today = timezone.localdate()
    make_day(location, personas.team_lead, on=today + timedelta(days=1))
    with CaptureQueriesContext(connection) as one:
        assert len(client.get(path).json()) == 1
    for n in range(2, 6):
        make_day(location, personas.team_lead, on=today + timedelta(days=n), slots=n)
    with CaptureQueriesContext(connection) as five:
        assert len(client.get(path).json()) == 5
    assert len(five) == len(one) <= 4


def test_no_token_is_needed_and_a_bad_one_is_ignored(client, westerwald_day):
    assert client.get("/api/v1/public/counselling-days").status_code == 200
    assert client.get("/api/v1/public/counselling-days", HTTP_AUTHORIZATION="Bearer nonsense").status_code == 200


def test_public_reads_are_rate_limited_per_address(client, settings, orgs):
    settings.PUBLIC_API_RATE = "3/min"
    codes = [client.get("/api/v1/public/districts").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    # Another address has its own budget; a forged X-Forwarded-For is not another address.
    assert client.get("/api/v1/public/offices", HTTP_X_FORWARDED_FOR="9.9.9.9").status_code == 429
    assert client.get("/api/v1/public/offices", REMOTE_ADDR="10.0.0.7").status_code == 200


def test_materials_in_a_language_with_labels_in_it(client, personas, orgs):
    flyer = make_material(personas.coordinator, orgs.diakonie, title="Rückkehrberatung",
                          texts={"ar": ("الاستشارة", "نص"), "de": ("Rückkehrberatung", "Text")})
    make_material(personas.coordinator, orgs.diakonie, title="Entwurf", published=False, texts={"ar": ("x", "y")})
    make_material(personas.coordinator, orgs.diakonie, title="Nur Deutsch", texts={"de": ("Titel", "Text")})
    response = client.get("/api/v1/public/materials", {"language": "ar"})
    assert response.status_code == 200
    [material] = response.json()
    assert material["id"] == flyer.pk and material["title"] == "الاستشارة" and material["language"] == "ar"
    assert material["kind"] == "flyer" and material["download_url"].endswith(f"/{flyer.pk}/ar/")
    assert client.get(material["download_url"]).status_code == 200
    german = client.get("/api/v1/public/materials", {"language": "de"}).json()
    assert {m["title"] for m in german} == {"Rückkehrberatung", "Titel"}
    assert {m["kind_label"] for m in german} == {"Flyer"}
    assert client.get("/api/v1/public/materials", {"language": "sr-latn"}).json() == []


@pytest.mark.parametrize("language", ["xx", "", "de-DE", "../"])
def test_materials_in_a_language_the_site_does_not_speak_are_a_422(client, orgs, language):
    response = client.get("/api/v1/public/materials", {"language": language})
    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"] == "This is not one of the languages of the public site."


def test_materials_without_a_language_are_the_german_ones(client, personas, orgs, settings):
    settings.LANGUAGE_CODE = "de"
    make_material(personas.coordinator, orgs.diakonie, title="Flyer", texts={"de": ("Titel", "Text")})
    make_material(personas.coordinator, orgs.diakonie, title="Poster", texts={"ar": ("x", "y")})
    assert [m["language"] + ":" + m["title"] for m in client.get("/api/v1/public/materials").json()] == ["de:Titel"]
