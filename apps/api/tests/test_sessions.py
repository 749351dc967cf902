"""Counselling sessions: the confidential summary only in the audited single read."""

import pytest

from apps.audit.models import AuditEntry
from apps.cases.models import CaseStatus
from apps.cases.services import session_record
from apps.regions.models import District
from tests.factories import make_case, make_person

pytestmark = pytest.mark.django_db


def principal_id(case) -> int:
    return case.household.members.get(is_principal=True).person_id


@pytest.fixture
def session(personas, iom_case):
    return session_record(
        actor=personas.counsellor, case=iom_case,
        data={"channel": "office", "language": "fa", "summary": "Talked about options.",
              "next_steps": "Passport copy"},
        participants=[iom_case.household.members.get().person],
    )


def test_recording_a_session(personas, iom_case, api_as):
    response = api_as(personas.counsellor).post(f"/cases/{iom_case.pk}/sessions", {
        "started_at": "2025-03-04T10:00:00", "duration_minutes": 45, "channel": "phone", "language": "ar",
        "interpreter_used": True, "summary": "Confidential", "participant_ids": [principal_id(iom_case)],
        "topic_codes": ["legal_options", "health"], "office_id": personas.trier.pk,
    })
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["counsellor_id"] == personas.counsellor.pk
    assert body["summary"] == "Confidential"
    assert body["topic_codes"] == ["health", "legal_options"]
    assert body["participant_ids"] == [principal_id(iom_case)]
    # A time without offset is Berlin time; answers are in UTC.
    assert body["started_at"] == "2025-03-04T09:00:00Z"
    iom_case.refresh_from_db()
    assert iom_case.status == CaseStatus.COUNSELLING


def test_the_session_list_leaves_out_the_confidential_texts(personas, iom_case, session, api_as):
    body = api_as(personas.counsellor).get(f"/cases/{iom_case.pk}/sessions").json()
    assert body["count"] == 1
    assert "summary" not in body["items"][0]
    assert "next_steps" not in body["items"][0]
    assert body["items"][0]["participant_ids"] == [principal_id(iom_case)]


def test_reading_a_session_decrypts_the_summary_and_is_audited(personas, session, api_as):
    body = api_as(personas.counsellor).get(f"/sessions/{session.pk}").json()
    assert (body["summary"], body["next_steps"]) == ("Talked about options.", "Passport copy")
    entry = AuditEntry.objects.get(action="session.viewed")
    assert entry.object_id == str(session.pk)
    assert "Talked" not in str(entry.details)


def test_another_organisations_sessions_are_404(personas, iom_case, session, api_as):
    client = api_as(personas.diakonie_counsellor)
    assert client.get(f"/sessions/{session.pk}").status_code == 404
    assert client.get(f"/cases/{iom_case.pk}/sessions").status_code == 404
    assert client.patch(f"/sessions/{session.pk}", {"summary": "x", "version": 1}).status_code == 404
    new = {"channel": "office", "language": "fa"}
    assert client.post(f"/cases/{iom_case.pk}/sessions", new).status_code == 404


def test_a_restricted_cases_sessions_are_hidden_from_unassigned_counsellors(personas, restricted_case,
                                                                           api_as):
    session = session_record(actor=personas.counsellor, case=restricted_case,
                             data={"channel": "office", "language": "fa"})
    assert api_as(personas.counsellor_speyer).get(f"/sessions/{session.pk}").status_code == 404
    assert api_as(personas.team_lead).get(f"/sessions/{session.pk}").status_code == 200


def test_changing_a_session(personas, session, api_as):
    change = {"summary": "Updated", "topic_codes": ["reintegration"], "office_id": None, "version": 1}
    client = api_as(personas.counsellor)
    response = client.patch(f"/sessions/{session.pk}", change)
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["summary"], body["topic_codes"], body["channel"]) == ("Updated", ["reintegration"], "office")
    assert body["version"] == 2
    assert AuditEntry.objects.filter(action="session.updated").exists()
    # A second change based on the old version is refused, not silently applied.
    stale = client.patch(f"/sessions/{session.pk}", {**change, "summary": "Stale"})
    assert stale.status_code == 409
    assert client.get(f"/sessions/{session.pk}").json()["summary"] == "Updated"


def test_participants_must_belong_to_the_household(personas, orgs, iom_case, api_as):
    outsider = make_person(personas.counsellor, orgs.iom, "Karimi", "Zahra")
    foreign = make_case(personas.diakonie_counsellor, orgs.diakonie)
    client = api_as(personas.counsellor)
    for participant in (outsider.pk, principal_id(foreign), 2**62):
        response = client.post(f"/cases/{iom_case.pk}/sessions",
                               {"channel": "office", "language": "fa", "participant_ids": [participant]})
        assert response.status_code == 422, response.content
        assert response.json()["detail"][0]["loc"] == ["body", "payload", "participant_ids"]


@pytest.mark.parametrize("body", [
    {"language": "fa"},
    {"channel": "telepathy", "language": "fa"},
    {"channel": "office", "language": "Persian"},
    {"channel": "office", "language": "fa", "duration_minutes": 0},
    {"channel": "office", "language": "fa", "duration_minutes": 10**9},
    {"channel": "office", "language": "fa", "started_at": "soon"},
    {"channel": "office", "language": "fa", "topic_codes": ["astrology"]},
    {"channel": "office", "language": "fa", "participant_ids": list(range(1, 100))},
    {"channel": "office", "language": "fa", "summary": 12},
])
def test_invalid_session_input_is_422(personas, iom_case, api_as, body):
    response = api_as(personas.counsellor).post(f"/cases/{iom_case.pk}/sessions", body)
    assert response.status_code == 422, response.content


def test_sessions_record_where_they_took_place(personas, iom_case, api_as):
    principal = iom_case.household.members.get().person_id
    mainz = District.objects.get(ags="07315")
    response = api_as(personas.counsellor).post(f"/cases/{iom_case.pk}/sessions", {
        "channel": "mobile", "language": "ar", "participant_ids": [principal], "district_id": mainz.pk})
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["place"], body["district_id"]) == ("mobile_day", mainz.pk)
    refused = api_as(personas.counsellor).post(f"/cases/{iom_case.pk}/sessions", {
        "channel": "mobile", "language": "ar", "participant_ids": [principal], "district_id": 999999})
    assert refused.status_code == 422
