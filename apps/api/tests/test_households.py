"""/households: members listed, other organisations' households invisible."""

import pytest

from apps.audit.models import AuditEntry
from apps.clients.services import household_add_member
from tests.factories import make_case, make_person

pytestmark = pytest.mark.django_db


def test_households_are_listed_with_their_members_principal_first(personas, orgs, iom_case, api_as):
    child = make_person(personas.counsellor, orgs.iom, "Hosseini", "Ali")
    household_add_member(actor=personas.counsellor, household=iom_case.household, person=child,
                         relationship="child")
    make_case(personas.diakonie_counsellor, orgs.diakonie)
    body = api_as(personas.counsellor).get("/households").json()
    assert body["count"] == 1
    members = body["items"][0]["members"]
    assert [(m["given_names"], m["relationship"], m["is_principal"]) for m in members] == [
        ("Mohammad", "principal", True), ("Ali", "child", False)]


def test_reading_a_household_is_audited(personas, iom_case, api_as):
    body = api_as(personas.counsellor).get(f"/households/{iom_case.household_id}").json()
    assert body["id"] == iom_case.household_id
    assert len(body["members"]) == 1
    assert AuditEntry.objects.filter(action="household.viewed", object_id=str(iom_case.household_id)).exists()


def test_a_household_of_another_organisation_is_404(personas, iom_case, api_as):
    client = api_as(personas.diakonie_counsellor)
    assert client.get(f"/households/{iom_case.household_id}").status_code == 404
    assert client.get("/households").json()["count"] == 0


def test_a_restricted_cases_household_is_hidden_from_unassigned_counsellors(personas, restricted_case,
                                                                            api_as):
    path = f"/households/{restricted_case.household_id}"
    assert api_as(personas.counsellor_speyer).get(path).status_code == 404
    assert api_as(personas.team_lead).get(path).status_code == 200
