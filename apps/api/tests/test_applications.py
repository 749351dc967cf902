"""Applications through the API: list, create, read, transitions and export."""

import pytest
from django.utils import timezone

from apps.applications.models import Application
from apps.applications.tests.conftest import complete_checklist, family, programme_version  # noqa: F401
from apps.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def created(personas, family, programme_version, api_as):  # noqa: F811
    response = api_as(personas.counsellor).post(f"/cases/{family.case.pk}/applications", {
        "programme_version_id": programme_version.pk, "member_ids": [p.pk for p in family.members],
        "prioritisation_reasons": ["imminent_deportation"]})
    assert response.status_code == 201, response.content
    return response.json()


def test_create_and_read(personas, family, created, api_as):  # noqa: F811
    assert created["status"] == "draft" and created["allowed_transitions"] == ["ready", "withdrawn"]
    assert created["programme_version_unverified"] == ["starthilfe.family_cap"]
    body = api_as(personas.team_lead).get(f"/applications/{created['id']}").json()
    assert body["member_ids"] == sorted(p.pk for p in family.members)
    listed = api_as(personas.counsellor).get(f"/cases/{family.case.pk}/applications").json()
    assert [a["id"] for a in listed["items"]] == [created["id"]]


def test_create_refuses_foreign_members_and_unknown_versions(personas, orgs, family, programme_version,  # noqa: F811
                                                             api_as):
    from tests.factories import make_person

    stranger = make_person(personas.counsellor, orgs.iom, "Fremd", "Ali")
    client = api_as(personas.counsellor)
    response = client.post(f"/cases/{family.case.pk}/applications", {
        "programme_version_id": programme_version.pk, "member_ids": [stranger.pk]})
    assert response.status_code == 422
    response = client.post(f"/cases/{family.case.pk}/applications", {
        "programme_version_id": 999999, "member_ids": [family.principal.pk]})
    assert response.status_code == 422


def test_transitions_enforce_the_checklist_and_versions(personas, family, created, api_as):  # noqa: F811
    client = api_as(personas.counsellor)
    url = f"/applications/{created['id']}/transition"
    response = client.post(url, {"to": "ready", "version": created["version"]})
    assert response.status_code == 422 and "checklist is not complete" in str(response.json()["detail"])
    application = Application.objects.get(pk=created["id"])
    complete_checklist(personas.counsellor, application, family)
    stale = client.post(url, {"to": "ready", "version": 1})
    assert stale.status_code == 409, stale.json()
    body = client.post(url, {"to": "ready", "version": application.version}).json()
    assert body["status"] == "ready"
    body = client.post(url, {"to": "submitted", "version": body["version"], "submission_reference": "OAM-9",
                             "submitted_on": timezone.localdate().isoformat()}).json()
    assert body["status"] == "submitted" and body["expected_decision_by"]


def test_outsiders_see_nothing(personas, created, api_as):
    assert api_as(personas.diakonie_counsellor).get(f"/applications/{created['id']}").status_code == 404
    assert api_as(personas.authority).get(f"/applications/{created['id']}").status_code == 403
    response = api_as(personas.diakonie_counsellor).post(f"/applications/{created['id']}/transition",
                                                         {"to": "withdrawn", "version": created["version"]})
    assert response.status_code == 404


def test_export_is_audited(personas, created, api_as):
    body = api_as(personas.counsellor).get(f"/applications/{created['id']}/export").json()
    assert body["prioritisation_reasons"] == ["imminent_deportation"] and len(body["members"]) == 3
    assert AuditEntry.objects.filter(action="application.exported").exists()


def test_health_data_hidden_from_users_without_sensitive_read(personas, family, created, api_as):  # noqa: F811
    from apps.applications import services

    application = Application.objects.get(pk=created["id"])
    services.travel_save(actor=personas.counsellor, application=application,
                         data={"needs": ["medical_escort"], "needs_note": "Dialyse"})
    application.refresh_from_db()
    services.application_update(actor=personas.counsellor, application=application,
                                expected_version=application.version,
                                data={"prioritisation_reasons": ["pregnancy_week_20", "imminent_homelessness"]})
    hotline = api_as(personas.hotline)
    assert hotline.get(f"/applications/{application.pk}").json()["prioritisation_reasons"] == [
        "imminent_homelessness"]
    listed = hotline.get(f"/cases/{family.case.pk}/applications").json()
    assert "pregnancy_week_20" not in str(listed)
    export = hotline.get(f"/applications/{application.pk}/export").json()
    assert export["travel"]["needs"] == [] and export["prioritisation_reasons"] == ["imminent_homelessness"]
    body = api_as(personas.counsellor).get(f"/applications/{application.pk}").json()
    assert "pregnancy_week_20" in body["prioritisation_reasons"]
