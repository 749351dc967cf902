"""/cases: list and filters, scoping, audit, opening and changing cases."""

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.audit.models import AuditEntry
from apps.cases.models import Case, CaseStatus
from tests.factories import OfficeFactory, make_case, make_person

pytestmark = pytest.mark.django_db


def test_the_list_shows_visible_cases_with_their_principal(personas, iom_case, api_as):
    body = api_as(personas.counsellor).get("/cases").json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["reference"] == iom_case.reference
    assert item["principal"] == {"id": item["principal"]["id"], "family_name": "Hosseini",
                                 "given_names": "Mohammad"}
    assert item["assigned_counsellor_ids"] == [personas.counsellor.pk]
    assert item["office_id"] == personas.trier.pk


def test_another_organisations_case_is_neither_listed_nor_readable(personas, iom_case, api_as):
    client = api_as(personas.diakonie_counsellor)
    assert client.get("/cases").json()["count"] == 0
    response = client.get(f"/cases/{iom_case.pk}")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_a_restricted_case_is_hidden_from_an_unassigned_counsellor_but_not_the_team_lead(
        personas, restricted_case, api_as):
    speyer = api_as(personas.counsellor_speyer)
    assert speyer.get(f"/cases/{restricted_case.pk}").status_code == 404
    assert speyer.get("/cases").json()["count"] == 0
    lead = api_as(personas.team_lead)
    assert lead.get(f"/cases/{restricted_case.pk}").status_code == 200
    assert lead.get("/cases").json()["count"] == 1
    assert api_as(personas.counsellor).get(f"/cases/{restricted_case.pk}").status_code == 200


def test_reading_a_case_is_audited(personas, iom_case, api_as):
    body = api_as(personas.counsellor).get(f"/cases/{iom_case.pk}").json()
    assert body["reference"] == iom_case.reference
    assert body["principal"]["family_name"] == "Hosseini"
    assert AuditEntry.objects.filter(action="case.viewed", case_id=iom_case.pk,
                                     actor=personas.counsellor).count() == 1


def test_the_list_filters_and_orders(personas, orgs, api_as):
    trier_case = make_case(personas.counsellor, orgs.iom, family_name="Ahmadi", office=personas.trier)
    speyer_case = make_case(personas.counsellor_speyer, orgs.iom, family_name="Zafar",
                            office=personas.speyer, nationalities=["SY"])
    client = api_as(personas.team_lead)
    ids = lambda **params: [c["id"] for c in client.get("/cases", **params).json()["items"]]  # noqa: E731
    assert ids(office=personas.speyer.pk) == [speyer_case.pk]
    assert ids(counsellor=personas.counsellor.pk) == [trier_case.pk]
    assert ids(nationality="sy") == [speyer_case.pk]
    assert ids(q="Zafar") == [speyer_case.pk]
    assert ids(q=trier_case.reference) == [trier_case.pk]
    assert ids(status="new", ordering="name") == [trier_case.pk, speyer_case.pk]
    assert ids(ordering="-name") == [speyer_case.pk, trier_case.pk]
    assert ids(status="closed") == []


@pytest.mark.parametrize("params", [{"status": "open"}, {"ordering": "secret"}, {"office": "abc"},
                                    {"nationality": "XX"}, {"limit": 0}, {"limit": 10**6},
                                    {"offset": -1}, {"counsellor": 2**70}])
def test_invalid_list_filters_are_422(personas, api_as, params):
    assert api_as(personas.counsellor).get("/cases", **params).status_code == 422


def _list_queries(client) -> int:
    # The clock stands still: on a slow machine a minute could pass between the two requests,
    # and the second would note the token's last use again.
    with time_machine.travel(timezone.now(), tick=False):
        client.get("/cases")  # the first request of a token also notes its last use
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/cases", limit=200)
    assert response.status_code == 200
    return len(queries)


def test_the_list_needs_the_same_number_of_queries_for_3_or_20_cases(personas, orgs, api_as):
    client = api_as(personas.counsellor)
    for n in range(3):
        make_case(personas.counsellor, orgs.iom, family_name=f"Few{n}")
    few = _list_queries(client)
    for n in range(17):
        make_case(personas.counsellor, orgs.iom, family_name=f"Many{n}")
    assert client.get("/cases").json()["count"] == 20
    assert _list_queries(client) == few <= 6


def test_opening_a_case_for_a_household(personas, iom_case, api_as):
    response = api_as(personas.counsellor).post("/cases", {
        "household_id": iom_case.household_id, "office_id": personas.speyer.pk,
        "first_contact_source": "hotline", "intended_return_country": "af",
    })
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["household_id"] == iom_case.household_id
    assert body["reference"].startswith("IOM-")
    assert (body["status"], body["intended_return_country"], body["version"]) == ("new", "AF", 1)
    assert body["assigned_counsellor_ids"] == [personas.counsellor.pk]
    assert body["principal"]["family_name"] == "Hosseini"


def test_opening_a_case_for_a_person_without_household_creates_one(personas, orgs, api_as):
    person = make_person(personas.counsellor, orgs.iom, "Karimi", "Zahra")
    response = api_as(personas.counsellor).post("/cases", {"person_id": person.pk})
    assert response.status_code == 201, response.content
    assert response.json()["principal"]["id"] == person.pk


def test_opening_a_case_refuses_a_person_who_already_has_a_household(personas, iom_case, api_as):
    person_id = iom_case.household.members.get().person_id
    response = api_as(personas.counsellor).post("/cases", {"person_id": person_id})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "person_id"]


@pytest.mark.parametrize("body", [
    {},
    {"household_id": 1, "person_id": 1},
    {"household_id": "one"},
    {"household_id": 2**64},
    {"household_id": 1, "first_contact_source": "pigeon"},
    {"household_id": 1, "intended_return_country": "Atlantis"},
    {"household_id": 1, "restricted": "maybe"},
])
def test_invalid_case_input_is_422(personas, api_as, body):
    assert api_as(personas.counsellor).post("/cases", body).status_code == 422


def test_opening_a_case_in_another_organisations_household_is_404(personas, orgs, api_as):
    case = make_case(personas.diakonie_counsellor, orgs.diakonie)
    client = api_as(personas.counsellor)
    assert client.post("/cases", {"household_id": case.household_id}).status_code == 404
    principal = case.household.members.get().person_id
    assert client.post("/cases", {"person_id": principal}).status_code == 404
    # Exactly the answer for an id that does not exist: nothing about the other organisation leaks.
    assert client.post("/cases", {"household_id": 10**9}).json() == {"detail": "Not found."}
    assert Case.objects.count() == 1


def test_opening_a_case_with_another_organisations_office_is_422(personas, orgs, iom_case, api_as):
    office = OfficeFactory(organisation=orgs.diakonie)
    response = api_as(personas.counsellor).post(
        "/cases", {"household_id": iom_case.household_id, "office_id": office.pk})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "office_id"]


def test_changing_a_case_bumps_its_version(personas, iom_case, api_as):
    client = api_as(personas.counsellor)
    response = client.patch(f"/cases/{iom_case.pk}", {"version": 1, "office_id": None, "restricted": True})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["office_id"], body["restricted"], body["version"]) == (None, True, 2)


def test_marking_a_case_restricted_answers_even_if_it_now_hides_the_case(personas, iom_case, api_as):
    client = api_as(personas.counsellor_speyer)
    response = client.patch(f"/cases/{iom_case.pk}", {"version": 1, "restricted": True})
    assert response.status_code == 200
    assert response.json()["restricted"] is True
    assert client.get(f"/cases/{iom_case.pk}").status_code == 404


def test_changing_a_case_with_a_stale_version_is_409(personas, iom_case, api_as):
    client = api_as(personas.counsellor)
    first = client.patch(f"/cases/{iom_case.pk}", {"version": 1, "intended_return_country": "AF"})
    assert first.status_code == 200
    response = client.patch(f"/cases/{iom_case.pk}", {"version": 1, "intended_return_country": "IQ"})
    assert response.status_code == 409
    assert response.json()["detail"]
    iom_case.refresh_from_db()
    assert iom_case.intended_return_country == "AF"


def test_moving_and_closing_a_case(personas, iom_case, api_as):
    client = api_as(personas.counsellor)
    body = client.patch(f"/cases/{iom_case.pk}", {"version": 1, "status": "counselling"}).json()
    assert (body["status"], body["version"]) == ("counselling", 2)
    close = {"version": 2, "status": "closed", "outcome": "stayed"}
    body = client.patch(f"/cases/{iom_case.pk}", close).json()
    assert (body["status"], body["outcome"], body["version"]) == ("closed", "stayed", 3)
    assert body["closed_at"]


def test_a_forbidden_status_change_is_422_and_changes_nothing(personas, iom_case, api_as):
    response = api_as(personas.counsellor).patch(
        f"/cases/{iom_case.pk}", {"version": 1, "restricted": True, "status": "departed"})
    assert response.status_code == 422
    iom_case.refresh_from_db()
    assert (iom_case.status, iom_case.restricted, iom_case.version) == (CaseStatus.NEW, False, 1)


def test_an_outcome_without_closing_is_422(personas, iom_case, api_as):
    response = api_as(personas.counsellor).patch(f"/cases/{iom_case.pk}", {"version": 1, "outcome": "stayed"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "outcome"]


def test_changing_another_organisations_case_is_404(personas, iom_case, api_as):
    response = api_as(personas.diakonie_counsellor).patch(f"/cases/{iom_case.pk}", {"version": 1})
    assert response.status_code == 404
