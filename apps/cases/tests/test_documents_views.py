"""The documents tab, upload form, download and preview through the client."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.audit.models import AuditEntry
from apps.cases.models import Document, DocumentType
from apps.cases.tests.test_documents import EXE, JPEG, PDF, document_root, upload, upload_file  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def counsellor_client(client, personas):
    client.force_login(personas.counsellor)
    return client


def post_upload(client, case, **overrides):
    data = {"document_type": "passport", "title": "Reisepass", "person": "", "file": upload_file(), **overrides}
    return client.post(reverse("cases:document_upload", args=[case.pk]), data)


def test_the_case_has_a_documents_tab(counsellor_client, iom_case):
    page = counsellor_client.get(reverse("cases:detail", args=[iom_case.pk])).content.decode()
    assert reverse("cases:documents", args=[iom_case.pk]) in page


def test_the_tab_lists_documents_and_offers_the_upload_form(counsellor_client, personas, iom_case):
    person = iom_case.household.members.get().person
    upload(personas.counsellor, iom_case, title="Pass Vorderseite", person=person)
    response = counsellor_client.get(reverse("cases:documents", args=[iom_case.pk]))
    page = response.content.decode()
    assert "Pass Vorderseite" in page and "Passport" in page and str(person) in page
    assert 'enctype="multipart/form-data"' in page
    for label in ("Document type", "Title", "Person", "File", "Upload document", "Delete"):
        assert label in page
    assert AuditEntry.objects.filter(action="document.list_viewed").exists()


def test_uploading_through_the_form(counsellor_client, iom_case):
    response = post_upload(counsellor_client, iom_case)
    assert response.status_code == 302
    document = Document.objects.get()
    assert (document.title, document.uploaded_by.email) == ("Reisepass", "counsellor@iom.test")


def test_a_refused_file_keeps_the_other_input_and_explains(counsellor_client, iom_case):
    response = post_upload(counsellor_client, iom_case, title="Mein Titel", document_type="residence_document",
                           file=upload_file("pass.pdf", EXE))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Only PDF, JPEG and PNG files can be uploaded; this file is of type EXE." in page
    assert 'value="Mein Titel"' in page
    assert '<option value="residence_document" selected>' in page
    assert not Document.objects.exists()


def test_a_file_over_the_limit_is_explained(counsellor_client, iom_case, settings):
    settings.DOCUMENT_MAX_UPLOAD_BYTES = 1024 * 1024
    response = post_upload(counsellor_client, iom_case, file=upload_file(content=PDF + b"0" * 1024 * 1024))
    assert "The file is larger than the limit of 1 MB." in response.content.decode()


def test_download_is_an_audited_attachment_with_safe_headers(counsellor_client, personas, iom_case):
    document = upload(personas.counsellor, iom_case, file=upload_file('Reisepass "Ähm"; x.pdf'))
    response = counsellor_client.get(reverse("cases:document_download", args=[document.pk]))
    assert response.status_code == 200
    assert response.content == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''Reisepass%20_%C3%84hm_%20x.pdf"
    assert AuditEntry.objects.filter(action="document.downloaded", object_id=str(document.pk),
                                     actor=personas.counsellor).count() == 1


def test_the_download_name_takes_the_extension_of_the_content(counsellor_client, personas, iom_case):
    document = upload(personas.counsellor, iom_case, file=upload_file("foto.JPEG", JPEG))
    response = counsellor_client.get(reverse("cases:document_download", args=[document.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="foto.jpg"'
    assert response["Content-Type"] == "image/jpeg"


def test_preview_is_inline_sandboxed_and_audited(counsellor_client, personas, iom_case):
    document = upload(personas.counsellor, iom_case)
    response = counsellor_client.get(reverse("cases:document_preview", args=[document.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'inline; filename="pass.pdf"'
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'; img-src 'self'; object-src 'self'"
    assert "no-store" in response["Cache-Control"]
    assert AuditEntry.objects.filter(action="document.previewed", object_id=str(document.pk)).exists()


def test_medical_reports_are_hidden_from_the_hotline(client, personas, iom_case):
    medical = upload(personas.counsellor, iom_case, document_type=DocumentType.MEDICAL_REPORT, title="Befund")
    client.force_login(personas.hotline)
    assert "Befund" not in client.get(reverse("cases:documents", args=[iom_case.pk])).content.decode()
    for name in ("cases:document_download", "cases:document_preview"):
        assert client.get(reverse(name, args=[medical.pk])).status_code == 404
    assert client.post(reverse("cases:document_delete", args=[medical.pk]), {"reason": "x"}).status_code == 404
    assert 'value="medical_report"' not in client.get(reverse("cases:documents", args=[iom_case.pk])).content.decode()
    client.force_login(personas.counsellor)
    page = client.get(reverse("cases:documents", args=[iom_case.pk])).content.decode()
    assert "Befund" in page and 'value="medical_report"' in page


def test_deleting_with_a_reason_hides_the_document(counsellor_client, personas, iom_case):
    document = upload(personas.counsellor, iom_case, title="Falsch hochgeladen")
    response = counsellor_client.post(reverse("cases:document_delete", args=[document.pk]), {"reason": "Wrong case"})
    assert response.status_code == 302
    page = counsellor_client.get(reverse("cases:documents", args=[iom_case.pk])).content.decode()
    assert "Falsch hochgeladen" not in page
    assert counsellor_client.get(reverse("cases:document_download", args=[document.pk])).status_code == 404


def test_deleting_without_a_reason_is_refused(counsellor_client, personas, iom_case):
    document = upload(personas.counsellor, iom_case)
    response = counsellor_client.post(reverse("cases:document_delete", args=[document.pk]), {"reason": ""},
                                      follow=True)
    assert "Give a reason for deleting the document." in response.content.decode()
    assert Document.objects.get().deleted_at is None


def test_users_without_case_read_are_refused(client, personas, iom_case):
    document = upload(personas.counsellor, iom_case)
    client.force_login(personas.iom_dpo)
    assert client.get(reverse("cases:documents", args=[iom_case.pk])).status_code == 403
    assert client.get(reverse("cases:document_download", args=[document.pk])).status_code == 403


def _tab_queries(client, case) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("cases:documents", args=[case.pk])).status_code == 200
    return len(ctx)


def test_the_tab_needs_the_same_number_of_queries_for_1_or_5_documents(counsellor_client, personas, iom_case):
    person = iom_case.household.members.get().person
    upload(personas.counsellor, iom_case, person=person)
    one = _tab_queries(counsellor_client, iom_case)
    for i in range(4):
        upload(personas.team_lead, iom_case, title=f"Doc {i}", person=person)
    assert _tab_queries(counsellor_client, iom_case) == one
