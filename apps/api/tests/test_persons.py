"""/persons: scoping, search, audit, create and optimistic-lock update."""

import pytest

from apps.accounts.models import Membership, Role
from apps.audit.models import AuditEntry
from apps.cases.models import Case
from tests.factories import make_case, make_person

pytestmark = pytest.mark.django_db


def principal_of(case: Case):
    return case.household.members.get(is_principal=True).person


def test_the_list_holds_only_persons_of_the_users_organisations(personas, orgs, iom_case, api_as):
    diakonie_person = make_person(personas.diakonie_counsellor, orgs.diakonie, "Ahmadi", "Sara")
    body = api_as(personas.counsellor).get("/persons").json()
    assert body["count"] == 1
    assert [p["id"] for p in body["items"]] == [principal_of(iom_case).pk]
    assert diakonie_person.pk not in [p["id"] for p in body["items"]]


def test_the_list_searches_names_in_other_spellings(personas, orgs, api_as):
    make_person(personas.counsellor, orgs.iom, "Hosseini", "Mohammad")
    make_person(personas.counsellor, orgs.iom, "Karimi", "Zahra")
    body = api_as(personas.counsellor).get("/persons", q="Husseini").json()
    assert [p["family_name"] for p in body["items"]] == ["Hosseini"]


def test_the_list_pages_with_limit_and_offset(personas, orgs, api_as):
    for name in ["Ahmadi", "Bakri", "Celik"]:
        make_person(personas.counsellor, orgs.iom, name, "A")
    client = api_as(personas.counsellor)
    body = client.get("/persons", limit=2, offset=1).json()
    assert body["count"] == 3
    assert [p["family_name"] for p in body["items"]] == ["Bakri", "Celik"]
    assert client.get("/persons", limit=201).status_code == 422


def test_reading_a_person_shows_the_fields_and_is_audited(personas, iom_case, api_as):
    person = principal_of(iom_case)
    body = api_as(personas.counsellor).get(f"/persons/{person.pk}").json()
    assert body["family_name"] == "Hosseini"
    assert body["languages"] == [{"language": "fa", "level": "native"}]
    assert body["version"] == 1
    entry = AuditEntry.objects.get(action="person.viewed")
    assert entry.person_id == person.pk
    assert entry.actor == personas.counsellor


def test_a_person_of_another_organisation_is_404(personas, iom_case, api_as):
    response = api_as(personas.diakonie_counsellor).get(f"/persons/{principal_of(iom_case).pk}")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
    assert not AuditEntry.objects.filter(action="person.viewed").exists()


def test_a_restricted_cases_persons_are_hidden_from_unassigned_counsellors(personas, restricted_case, api_as):
    person = principal_of(restricted_case)
    assert api_as(personas.counsellor_speyer).get(f"/persons/{person.pk}").status_code == 404
    assert api_as(personas.counsellor_speyer).get("/persons").json()["count"] == 0
    assert api_as(personas.team_lead).get(f"/persons/{person.pk}").status_code == 200


def test_a_user_without_case_read_is_refused(personas, iom_case, api_as):
    client = api_as(personas.iom_dpo)
    assert client.get("/persons").status_code == 403
    assert client.get(f"/persons/{principal_of(iom_case).pk}").status_code == 403


def test_creating_a_person_in_the_users_only_organisation(personas, orgs, api_as):
    response = api_as(personas.counsellor).post("/persons", {
        "family_name": "Rahimi", "given_names": "Laila", "birth_date": "1994-02-01", "sex": "female",
        "nationalities": ["af", "IR"], "phone": "+49 170 1234567",
        "languages": [{"language": "fa", "level": "native"}],
    })
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["organisation_id"] == orgs.iom.pk
    assert body["nationalities"] == ["AF", "IR"]
    assert body["phone"] == "+491701234567"
    assert AuditEntry.objects.filter(action="person.created", person_id=body["id"]).exists()


def test_a_member_of_two_organisations_must_say_which(personas, orgs, api_as):
    Membership.objects.create(user=personas.counsellor, organisation=orgs.diakonie,
                              role=Role.objects.get(code="counsellor"))
    client = api_as(personas.counsellor)
    response = client.post("/persons", {"family_name": "Rahimi"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "organisation_id"]
    response = client.post("/persons", {"family_name": "Rahimi", "organisation_id": orgs.diakonie.pk})
    assert response.status_code == 201
    assert response.json()["organisation_id"] == orgs.diakonie.pk


def test_creating_needs_case_write_there(personas, orgs, api_as):
    response = api_as(personas.counsellor).post(
        "/persons", {"family_name": "Rahimi", "organisation_id": orgs.diakonie.pk})
    assert response.status_code == 403
    assert api_as(personas.iom_dpo).post("/persons", {"family_name": "Rahimi"}).status_code == 403


@pytest.mark.parametrize("body", [
    {},
    {"family_name": ""},
    {"family_name": None},
    {"family_name": 42},
    {"family_name": "X", "birth_date": "yesterday"},
    {"family_name": "X", "sex": "robot"},
    {"family_name": "X", "nationalities": ["XX"]},
    {"family_name": "X", "nationalities": "AF"},
    {"family_name": "X", "phone": "not a phone"},
    {"family_name": "X", "email": "nope"},
    {"family_name": "X" * 151},
    {"family_name": "X", "postcode": "1234567"},
    {"family_name": "X", "languages": [{"language": "Farsi", "level": "native"}]},
    {"family_name": "X", "district_id": 999999},
    {"family_name": "X", "colour": "blue"},
    {"family_name": "X\x00Y"},
])
def test_invalid_person_input_is_422(personas, api_as, body):
    response = api_as(personas.counsellor).post("/persons", body)
    assert response.status_code == 422, response.content
    assert response.json()["detail"]


def test_updating_a_person_with_the_current_version(personas, iom_case, api_as):
    person = principal_of(iom_case)
    client = api_as(personas.counsellor)
    response = client.patch(f"/persons/{person.pk}", {"version": 1, "given_names": "Mohammed",
                                                      "languages": [{"language": "de", "level": "basic"}]})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["given_names"], body["family_name"], body["version"]) == ("Mohammed", "Hosseini", 2)
    assert body["languages"] == [{"language": "de", "level": "basic"}]


def test_updating_with_a_stale_version_is_409(personas, iom_case, api_as):
    person = principal_of(iom_case)
    client = api_as(personas.counsellor)
    assert client.patch(f"/persons/{person.pk}", {"version": 1, "city": "Trier"}).status_code == 200
    response = client.patch(f"/persons/{person.pk}", {"version": 1, "city": "Mainz"})
    assert response.status_code == 409
    assert isinstance(response.json()["detail"], str) and len(response.json()["detail"]) > 20
    person.refresh_from_db()
    assert person.city == "Trier"


def test_updating_needs_a_version(personas, iom_case, api_as):
    response = api_as(personas.counsellor).patch(f"/persons/{principal_of(iom_case).pk}", {"city": "Trier"})
    assert response.status_code == 422


def test_updating_a_person_of_another_organisation_is_404(personas, orgs, api_as):
    case = make_case(personas.diakonie_counsellor, orgs.diakonie)
    response = api_as(personas.counsellor).patch(f"/persons/{principal_of(case).pk}",
                                                 {"version": 1, "city": "X"})
    assert response.status_code == 404
