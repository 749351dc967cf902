"""Assessments, vulnerabilities and children's participation through the API."""

import pytest
from django.db import connection

from apps.assessments import services
from apps.assessments.defaults import ensure_default_taxonomy
from apps.assessments.tests.factories import add_member, hear_child, principal_of, record_vulnerability
from apps.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _taxonomy(db):
    ensure_default_taxonomy()


def test_the_lists_are_readable_by_every_signed_in_user(personas, api_as):
    client = api_as(personas.statistics)
    types = {t["code"]: t for t in client.get("/vulnerability-types").json()}
    assert types["pregnancy"]["asks_pregnancy_week"] and types["trafficking"]["is_sensitive"]
    assert not types["single_parent"]["is_sensitive"]
    questions = client.get("/assessment-questions").json()
    assert questions[0]["section_code"] == "personal_family"
    assert {"wishes", "has_lawyer"} <= {q["code"] for q in questions}


def test_creating_and_reading_assessment_versions(personas, iom_case, api_as):
    client = api_as(personas.counsellor)
    response = client.post(f"/cases/{iom_case.pk}/assessments", {
        "expected_latest_version": 0, "answers": {"wishes": "Stay", "has_lawyer": "no"}})
    assert response.status_code == 201, response.content
    first = response.json()
    assert first["version"] == 1 and first["based_on_id"] is None
    response = client.post(f"/cases/{iom_case.pk}/assessments", {
        "expected_latest_version": 1, "answers": {"wishes": "Return"}, "note": "after family call"})
    second = response.json()
    assert (second["version"], second["based_on_id"], second["answers"]) == (
        2, first["id"], [{"question_code": "wishes", "answer": "Return"}])
    listed = client.get(f"/cases/{iom_case.pk}/assessments").json()
    assert [a["version"] for a in listed["items"]] == [2, 1] and "answers" not in listed["items"][0]
    old = client.get(f"/assessments/{first['id']}").json()
    assert {a["question_code"]: a["answer"] for a in old["answers"]} == {"wishes": "Stay", "has_lawyer": "no"}
    assert AuditEntry.objects.filter(action="assessment.viewed", object_id=str(first["id"])).exists()


def test_a_stale_assessment_is_409_and_bad_answers_422(personas, iom_case, api_as):
    client = api_as(personas.counsellor)
    services.assessment_create(actor=personas.team_lead, case=iom_case, expected_latest_version=0, answers={})
    assert client.post(f"/cases/{iom_case.pk}/assessments",
                       {"expected_latest_version": 0, "answers": {}}).status_code == 409
    assert client.post(f"/cases/{iom_case.pk}/assessments",
                       {"expected_latest_version": 1, "answers": {"nope": "x"}}).status_code == 422
    assert client.post(f"/cases/{iom_case.pk}/assessments",
                       {"expected_latest_version": 1, "answers": {"has_lawyer": "perhaps"}}).status_code == 422


def test_other_organisations_get_404(personas, iom_case, api_as):
    assessment = services.assessment_create(actor=personas.counsellor, case=iom_case, expected_latest_version=0,
                                            answers={})
    vulnerability = record_vulnerability(personas.counsellor, iom_case)
    client = api_as(personas.diakonie_counsellor)
    assert client.get(f"/assessments/{assessment.pk}").status_code == 404
    assert client.get(f"/vulnerabilities/{vulnerability.pk}").status_code == 404
    assert client.get(f"/cases/{iom_case.pk}/vulnerabilities").status_code == 404
    assert client.patch(f"/vulnerabilities/{vulnerability.pk}", {"version": 1, "severity": "low"}).status_code == 404


def test_sensitive_vulnerabilities_do_not_exist_for_hotline_agents(personas, iom_case, api_as):
    ordinary = record_vulnerability(personas.counsellor, iom_case, "single_parent")
    sensitive = record_vulnerability(personas.counsellor, iom_case, "torture_survivor", details="Scars")
    hotline = api_as(personas.hotline)
    body = hotline.get(f"/cases/{iom_case.pk}/vulnerabilities").json()
    assert (body["count"], [v["id"] for v in body["items"]]) == (1, [ordinary.pk])
    assert hotline.get(f"/vulnerabilities/{sensitive.pk}").status_code == 404
    assert hotline.patch(f"/vulnerabilities/{sensitive.pk}", {"version": 1, "severity": "low"}).status_code == 404
    response = hotline.post(f"/cases/{iom_case.pk}/vulnerabilities", {
        "person_id": principal_of(iom_case).pk, "type_code": "trafficking", "identified_how": "observed",
        "severity": "high"})
    assert response.status_code == 403
    counsellor = api_as(personas.counsellor)
    assert counsellor.get(f"/cases/{iom_case.pk}/vulnerabilities").json()["count"] == 2
    detail = counsellor.get(f"/vulnerabilities/{sensitive.pk}").json()
    assert (detail["details"], detail["is_sensitive"]) == ("Scars", True)


def test_recording_changing_and_closing_a_vulnerability(personas, iom_case, api_as):
    client = api_as(personas.counsellor)
    person = principal_of(iom_case)
    response = client.post(f"/cases/{iom_case.pk}/vulnerabilities", {
        "person_id": person.pk, "type_code": "pregnancy", "pregnancy_week": 22, "identified_how": "document",
        "severity": "medium", "response_actions": ["medical_escort"], "details": "Due in autumn"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["type_code"], body["pregnancy_week"], body["response_actions"], body["version"]) == (
        "pregnancy", 22, ["medical_escort"], 1)
    vid = body["id"]
    body = client.patch(f"/vulnerabilities/{vid}", {"version": 1, "severity": "high"}).json()
    assert (body["severity"], body["version"]) == ("high", 2)
    assert client.patch(f"/vulnerabilities/{vid}", {"version": 1, "severity": "low"}).status_code == 409
    body = client.patch(f"/vulnerabilities/{vid}", {"version": 2, "closed_on": "2030-01-01",
                                                    "closed_reason": "Child born"}).json()
    assert (body["closed_on"], body["closed_reason"]) == ("2030-01-01", "Child born")


@pytest.mark.parametrize("body,field", [
    ({"type_code": "pregnancy"}, "pregnancy_week"),
    ({"type_code": "single_parent", "pregnancy_week": 3}, "pregnancy_week"),
    ({"type_code": "no_such_type"}, "type_code"),
    ({"type_code": "single_parent", "person_id": 2**40}, "person_id"),
])
def test_invalid_vulnerabilities_are_422(personas, iom_case, api_as, body, field):
    payload = {"person_id": principal_of(iom_case).pk, "identified_how": "observed", "severity": "low", **body}
    response = api_as(personas.counsellor).post(f"/cases/{iom_case.pk}/vulnerabilities", payload)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == field


def test_childrens_participation(personas, iom_case, api_as):
    child = add_member(personas.counsellor, iom_case)
    client = api_as(personas.counsellor)
    response = client.post(f"/cases/{iom_case.pk}/child-participations", {
        "child_id": child.pk, "how_heard": "not_possible", "best_interests": "Stay with mother"})
    assert response.status_code == 422
    response = client.post(f"/cases/{iom_case.pk}/child-participations", {
        "child_id": child.pk, "how_heard": "alone", "child_views": "I like school",
        "best_interests": "Stay with mother", "heard_on": "2030-01-02"})
    assert response.status_code == 201, response.content
    assert response.json()["complete"] is True
    response = client.post(f"/cases/{iom_case.pk}/child-participations", {
        "child_id": principal_of(iom_case).pk, "how_heard": "alone", "child_views": "x", "best_interests": "y"})
    assert response.status_code == 422
    hear_child(personas.counsellor, iom_case, child)
    body = client.get(f"/cases/{iom_case.pk}/child-participations").json()
    assert body["count"] == 2 and body["items"][0]["child_id"] == child.pk
    assert AuditEntry.objects.filter(action="childparticipation.list_viewed").exists()


def _raw(sql: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(sql, [pk])
        return cursor.fetchone()[0]


def test_reasons_sent_through_the_api_are_encrypted_and_sensitive_types_stay_out_of_the_audit_log(
        personas, iom_case, api_as):
    client = api_as(personas.counsellor)
    response = client.post(f"/cases/{iom_case.pk}/vulnerabilities", {
        "person_id": principal_of(iom_case).pk, "type_code": "serious_illness", "identified_how": "document",
        "severity": "high", "identified_on": "2030-01-01"})
    vid = response.json()["id"]
    body = client.patch(f"/vulnerabilities/{vid}", {"version": 1, "closed_on": "2030-02-01",
                                                    "closed_reason": "Treatment completed"}).json()
    assert body["closed_reason"] == "Treatment completed"
    assert client.get(f"/vulnerabilities/{vid}").json()["closed_reason"] == "Treatment completed"
    stored = _raw("SELECT closed_reason FROM assessments_vulnerability WHERE id = %s", vid)
    assert stored.startswith("fernet:") and "Treatment" not in stored
    details = list(AuditEntry.objects.filter(object_id=str(vid), action__in=[
        "vulnerability.recorded", "vulnerability.updated"]).order_by("id").values_list("details", flat=True))
    assert details == [{"sensitive": True}, {"fields": ["closed_on", "closed_reason"], "sensitive": True}]
    child = add_member(personas.counsellor, iom_case)
    response = client.post(f"/cases/{iom_case.pk}/child-participations", {
        "child_id": child.pk, "how_heard": "not_possible", "not_possible_reason": "Asleep in hospital",
        "best_interests": "Stay with mother"})
    assert response.status_code == 201 and response.json()["not_possible_reason"] == "Asleep in hospital"
    stored = _raw("SELECT not_possible_reason FROM assessments_childparticipation WHERE id = %s",
                  response.json()["id"])
    assert stored.startswith("fernet:") and "hospital" not in stored
