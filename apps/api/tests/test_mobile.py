"""Mobile counselling through the API: locations, counselling days with free slots, hosting requests."""

import pytest

from apps.audit.models import AuditEntry
from apps.mobile.models import HostingRequest
from apps.mobile.tests.helpers import make_day, make_location, next_working_day

pytestmark = pytest.mark.django_db


@pytest.fixture
def day(personas, orgs):
    location = make_location(personas.team_lead, orgs.iom, name="Stadtbüro Trier (fiktiv)")
    return make_day(personas.team_lead, location, counsellors=[personas.counsellor])[0]


def test_locations_are_listed_for_the_organisation_only(personas, orgs, day, api_as):
    items = api_as(personas.counsellor).get("/locations").json()["items"]
    assert [(i["name"], i["district_ags"]) for i in items] == [("Stadtbüro Trier (fiktiv)", "07211")]
    assert api_as(personas.diakonie_counsellor).get("/locations").json()["items"] == []


def test_counselling_days_filter_by_district_and_dates(personas, orgs, day, api_as):
    mainz = make_location(personas.team_lead, orgs.iom, ags="07315")
    make_day(personas.team_lead, mainz, on=next_working_day(30))
    api = api_as(personas.hotline)
    assert len(api.get("/counselling-days").json()["items"]) == 2
    items = api.get("/counselling-days", district="07211").json()["items"]
    assert [i["id"] for i in items] == [day.pk]
    later = api.get("/counselling-days", **{"from": next_working_day(29).isoformat()}).json()["items"]
    assert [i["district_ags"] for i in later] == ["07315"]
    assert api.get("/counselling-days", district="7211").status_code == 422
    assert AuditEntry.objects.filter(action="mobilecounsellingday.list_viewed").exists()


def test_a_day_shows_its_free_slots(personas, day, api_as):
    slot = day.slots.first()
    slot.appointments.model.objects.create(slot=slot, day=day, organisation_id=day.organisation_id, language="fa",
                                           channel="staff", confirmation_code="X1", manage_token_hash="x" * 64)
    body = api_as(personas.counsellor).get(f"/counselling-days/{day.pk}").json()
    assert (body["slot_count"], body["free_slot_count"]) == (3, 2)
    assert body["counsellor_ids"] == [personas.counsellor.pk] and len(body["free_slots"]) == 2
    assert api_as(personas.diakonie_counsellor).get(f"/counselling-days/{day.pk}").status_code == 404


def test_a_partner_asks_to_host_by_api_and_lists_its_requests(personas, orgs, api_as):
    api = api_as(personas.partner)
    response = api.post("/hosting-requests", {
        "counselling_organisation_id": orgs.iom.pk, "premises_name": "Caritas-Haus (fiktiv)",
        "postcode": "54290", "frequency": "weekly", "expected_clients": 4, "languages": ["fa"],
        "preferred_weekdays": [1]})
    assert response.status_code == 201, response.content
    assert response.json()["district_ags"] == "07211" and response.json()["status"] == "submitted"
    assert HostingRequest.objects.get().requesting_organisation == orgs.partner
    assert [i["premises_name"] for i in api.get("/hosting-requests").json()["items"]] == ["Caritas-Haus (fiktiv)"]
    assert len(api_as(personas.team_lead).get("/hosting-requests").json()["items"]) == 1
    assert api_as(personas.authority).get("/hosting-requests").json()["items"] == []


def test_hosting_request_errors(personas, orgs, api_as):
    body = {"counselling_organisation_id": orgs.iom.pk, "premises_name": "Haus", "frequency": "monthly"}
    assert api_as(personas.counsellor).post("/hosting-requests", body | {"district_ags": "07211"}).status_code == 403
    api = api_as(personas.partner)
    assert api.post("/hosting-requests", body).status_code == 422  # no district, no postcode
    assert api.post("/hosting-requests", body | {"district_ags": "07211",
                                                 "counselling_organisation_id": orgs.partner.pk}).status_code == 422
    assert api.post("/hosting-requests", body | {"district_ags": "07211", "extra": 1}).status_code == 422
    assert not HostingRequest.objects.exists()
