"""Documents over the API: list (paginated, audited), upload (multipart), metadata, content, delete."""

import pytest
from django.test import Client

from apps.api.services import api_token_create
from apps.audit.models import AuditEntry
from apps.cases.models import Document, DocumentType
from apps.cases.tests.test_documents import EXE, PDF, document_root, upload, upload_file  # noqa: F401

pytestmark = pytest.mark.django_db
BASE = "/api/v1"


@pytest.fixture
def multipart_as():
    """A plain test client with a bearer token, for multipart bodies and binary answers."""

    def make(user) -> Client:
        _token, plain = api_token_create(actor=user, user=user, name="tests")
        return Client(headers={"Authorization": f"Bearer {plain}"}, enforce_csrf_checks=True)

    return make


def test_listing_a_cases_documents_is_paginated_and_audited(personas, iom_case, api_as):
    first = upload(personas.counsellor, iom_case, title="Pass")
    second = upload(personas.counsellor, iom_case, title="Bescheid", document_type=DocumentType.AUTHORITY_LETTER)
    body = api_as(personas.counsellor).get(f"/cases/{iom_case.pk}/documents", limit=1).json()
    assert body["count"] == 2
    assert [d["id"] for d in body["items"]] == [second.pk]
    assert body["items"][0]["document_type"] == "authority_letter"
    entry = AuditEntry.objects.get(action="document.list_viewed")
    assert entry.details["ids"] == [second.pk] and first.pk not in entry.details["ids"]


def test_medical_reports_are_left_out_for_the_hotline(personas, iom_case, api_as):
    medical = upload(personas.counsellor, iom_case, document_type=DocumentType.MEDICAL_REPORT)
    hotline = api_as(personas.hotline)
    assert hotline.get(f"/cases/{iom_case.pk}/documents").json()["count"] == 0
    assert hotline.get(f"/documents/{medical.pk}").status_code == 404
    assert hotline.get(f"/documents/{medical.pk}/content").status_code == 404
    assert api_as(personas.counsellor).get(f"/documents/{medical.pk}").status_code == 200


def test_uploading_a_file(personas, iom_case, multipart_as):
    person = iom_case.household.members.get().person
    response = multipart_as(personas.counsellor).post(f"{BASE}/cases/{iom_case.pk}/documents", {
        "document_type": "passport", "title": "Reisepass", "person_id": person.pk,
        "file": upload_file("Reisepass.pdf"),
    })
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["title"], body["person_id"], body["content_type"], body["size"]) == (
        "Reisepass", person.pk, "application/pdf", len(PDF))
    assert Document.objects.get().uploaded_by == personas.counsellor


def test_a_refused_file_is_a_422_naming_the_reason(personas, iom_case, multipart_as):
    response = multipart_as(personas.counsellor).post(f"{BASE}/cases/{iom_case.pk}/documents", {
        "document_type": "passport", "title": "Reisepass", "file": upload_file("pass.pdf", EXE),
    })
    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"] == (
        "Only PDF, JPEG and PNG files can be uploaded; this file is of type EXE.")


def test_a_person_outside_the_household_is_a_422(personas, orgs, iom_case, multipart_as):
    from tests.factories import make_person

    stranger = make_person(personas.counsellor, orgs.iom, "Fremd", "Anna")
    response = multipart_as(personas.counsellor).post(f"{BASE}/cases/{iom_case.pk}/documents", {
        "document_type": "passport", "title": "Pass", "person_id": stranger.pk, "file": upload_file(),
    })
    assert response.status_code == 422


def test_reading_metadata_and_content(personas, iom_case, api_as, multipart_as):
    document = upload(personas.counsellor, iom_case, file=upload_file("Pass Ä.pdf"))
    body = api_as(personas.team_lead).get(f"/documents/{document.pk}").json()
    assert (body["original_name"], body["sha256"]) == ("Pass Ä.pdf", document.sha256)
    response = multipart_as(personas.team_lead).get(f"{BASE}/documents/{document.pk}/content")
    assert response.status_code == 200
    assert response.content == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''Pass%20%C3%84.pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    actions = set(AuditEntry.objects.filter(actor=personas.team_lead).values_list("action", flat=True))
    assert {"document.viewed", "document.downloaded"} <= actions


def test_deleting_with_a_reason(personas, iom_case, api_as):
    document = upload(personas.counsellor, iom_case)
    client = api_as(personas.counsellor)
    assert client.post(f"/documents/{document.pk}/delete", {}).status_code == 422
    response = client.post(f"/documents/{document.pk}/delete", {"reason": "Wrong case"})
    assert response.status_code == 200, response.content
    assert client.get(f"/documents/{document.pk}").status_code == 404
    assert client.get(f"/cases/{iom_case.pk}/documents").json()["count"] == 0


def test_another_organisation_gets_404_everywhere(personas, iom_case, api_as):
    document = upload(personas.counsellor, iom_case)
    client = api_as(personas.diakonie_counsellor)
    assert client.get(f"/cases/{iom_case.pk}/documents").status_code == 404
    assert client.get(f"/documents/{document.pk}").status_code == 404
    assert client.get(f"/documents/{document.pk}/content").status_code == 404
    assert client.post(f"/documents/{document.pk}/delete", {"reason": "x"}).status_code == 404


def test_the_operations_are_documented(client):
    spec = client.get(f"{BASE}/openapi.json").json()
    for path, method in [("/api/v1/cases/{case_id}/documents", "get"), ("/api/v1/cases/{case_id}/documents", "post"),
                         ("/api/v1/documents/{document_id}", "get"),
                         ("/api/v1/documents/{document_id}/content", "get"),
                         ("/api/v1/documents/{document_id}/delete", "post")]:
        operation = spec["paths"][path][method]
        assert operation["summary"] and operation["description"]
    upload_body = spec["paths"]["/api/v1/cases/{case_id}/documents"]["post"]["requestBody"]["content"]
    assert "multipart/form-data" in upload_body
