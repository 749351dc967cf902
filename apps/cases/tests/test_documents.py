"""Documents: upload checks, encryption at rest, soft delete, who sees medical reports."""

from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from apps.audit.models import AuditEntry
from apps.cases import selectors, services
from apps.cases.models import Document, DocumentType
from tests.factories import make_case, make_person

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\nMUSTER Reisepass Hosseini\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 40
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 100
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


def upload_file(name: str = "pass.pdf", content: bytes = PDF, content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture(autouse=True)
def document_root(settings, tmp_path):
    """Tests never write into var/."""
    settings.DOCUMENT_ROOT = tmp_path / "documents"
    return settings.DOCUMENT_ROOT


def upload(actor, case, *, document_type=DocumentType.PASSPORT, title="Passport", person=None, file=None):
    return services.document_upload(actor=actor, case=case, person=person, document_type=document_type,
                                    title=title, uploaded_file=file or upload_file())


def file_error(excinfo) -> str:
    return " ".join(excinfo.value.message_dict["file"])


# --- document_upload --------------------------------------------------------------------

def test_an_upload_stores_the_metadata_and_audits(personas, iom_case):
    person = iom_case.household.members.get().person
    document = upload(personas.counsellor, iom_case, person=person, file=upload_file("Reisepass Ähm.PDF"))
    assert (document.organisation_id, document.case_id, document.person_id) == (
        iom_case.organisation_id, iom_case.pk, person.pk)
    assert (document.content_type, document.size, document.original_name) == (
        "application/pdf", len(PDF), "Reisepass Ähm.PDF")
    assert len(document.sha256) == 64
    entry = AuditEntry.objects.get(action="document.uploaded")
    assert (entry.case_id, entry.person_id, entry.details["document_type"]) == (iom_case.pk, person.pk, "passport")


def test_the_audit_log_does_not_tell_that_a_medical_report_exists(personas, iom_case):
    # Readers of the audit log without case.sensitive.read must not learn the sensitive type.
    document = upload(personas.counsellor, iom_case, document_type=DocumentType.MEDICAL_REPORT, title="Befund")
    services.document_delete(actor=personas.counsellor, document=document, reason="Wrong case")
    for action in ("document.uploaded", "document.deleted"):
        details = AuditEntry.objects.get(action=action).details
        assert details["sensitive"] is True and "document_type" not in details
        assert "medical" not in str(details)


def test_the_stored_name_is_random_and_never_the_users_file_name(personas, iom_case):
    first = upload(personas.counsellor, iom_case, file=upload_file("hosseini_passport.pdf"))
    second = upload(personas.counsellor, iom_case, file=upload_file("hosseini_passport.pdf"))
    assert "hosseini" not in first.file.name
    assert first.file.name != second.file.name


def test_the_file_is_encrypted_at_rest_and_read_back_intact(personas, iom_case, document_root):
    document = upload(personas.counsellor, iom_case)
    raw = (Path(document_root) / document.file.name).read_bytes()
    assert b"Hosseini" not in raw and b"%PDF" not in raw
    assert selectors.document_content(personas.counsellor, document, action="downloaded") == PDF


def test_title_and_file_name_are_encrypted_in_the_database(personas, iom_case):
    from django.db import connection

    document = upload(personas.counsellor, iom_case, title="Pass von Hosseini",
                      file=upload_file("hosseini.pdf"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT title, original_name FROM cases_document WHERE id = %s", [document.pk])
        title, name = cursor.fetchone()
    assert "Hosseini" not in title and "hosseini" not in name


@pytest.mark.parametrize("name,content", [("pass.pdf", PDF), ("photo.jpg", JPEG), ("photo.JPEG", JPEG),
                                          ("scan.png", PNG)])
def test_pdf_jpeg_and_png_are_accepted(personas, iom_case, name, content):
    assert upload(personas.counsellor, iom_case, file=upload_file(name, content)).pk


def test_a_file_over_the_limit_is_refused(personas, iom_case, settings):
    settings.DOCUMENT_MAX_UPLOAD_BYTES = 10 * 1024 * 1024
    big = upload_file(content=PDF + b"0" * (10 * 1024 * 1024))
    with pytest.raises(ValidationError) as excinfo:
        upload(personas.counsellor, iom_case, file=big)
    assert file_error(excinfo) == "The file is larger than the limit of 10 MB."
    assert not Document.objects.exists()


def test_an_empty_file_is_refused(personas, iom_case):
    with pytest.raises(ValidationError) as excinfo:
        upload(personas.counsellor, iom_case, file=upload_file(content=b""))
    assert file_error(excinfo) == "The file is empty."


def test_a_renamed_executable_is_refused_whatever_the_browser_claims(personas, iom_case):
    with pytest.raises(ValidationError) as excinfo:
        upload(personas.counsellor, iom_case, file=upload_file("pass.pdf", EXE, "application/pdf"))
    assert file_error(excinfo) == "Only PDF, JPEG and PNG files can be uploaded; this file is of type EXE."


def test_a_renamed_html_page_is_refused(personas, iom_case):
    with pytest.raises(ValidationError) as excinfo:
        upload(personas.counsellor, iom_case, file=upload_file("scan.png", HTML, "image/png"))
    assert file_error(excinfo) == (
        "Only PDF, JPEG and PNG files can be uploaded; the type of this file was not recognised.")


@pytest.mark.parametrize("name", ["photo.pdf", "photo.png.exe"])
def test_content_and_extension_must_agree(personas, iom_case, name):
    with pytest.raises(ValidationError) as excinfo:
        upload(personas.counsellor, iom_case, file=upload_file(name, JPEG))
    assert "but the content is of type JPG" in file_error(excinfo)


def test_a_file_name_without_extension_is_refused(personas, iom_case):
    with pytest.raises(ValidationError) as excinfo:
        upload(personas.counsellor, iom_case, file=upload_file("photo", JPEG))
    assert file_error(excinfo) == (
        "The file name has no extension; the content is of type JPG. Add “.jpg” to the name.")


def test_the_person_must_belong_to_the_household(personas, orgs, iom_case):
    stranger = make_person(personas.counsellor, orgs.iom, "Fremd", "Anna")
    with pytest.raises(ValidationError) as excinfo:
        upload(personas.counsellor, iom_case, person=stranger)
    assert "person" in excinfo.value.message_dict


@pytest.mark.parametrize("field,values", [("document_type", {"document_type": "selfie"}),
                                          ("title", {"title": "  "}), ("title", {"title": "x" * 201})])
def test_type_and_title_are_checked(personas, iom_case, field, values):
    with pytest.raises(ValidationError) as excinfo:
        upload(personas.counsellor, iom_case, **values)
    assert field in excinfo.value.message_dict


def test_only_users_who_may_see_medical_reports_upload_them(personas, iom_case):
    with pytest.raises(ValidationError) as excinfo:
        upload(personas.hotline, iom_case, document_type=DocumentType.MEDICAL_REPORT)
    assert excinfo.value.message_dict["document_type"] == [
        "Only users who may see special categories of data can upload a medical report."]
    assert upload(personas.hotline, iom_case).pk


def test_uploading_needs_case_write_in_the_cases_organisation(personas, iom_case):
    with pytest.raises(PermissionDenied):
        upload(personas.diakonie_counsellor, iom_case)
    with pytest.raises(PermissionDenied):
        upload(personas.iom_dpo, iom_case)


# --- document_delete --------------------------------------------------------------------

def test_a_deleted_document_is_hidden_but_its_file_kept(personas, iom_case, document_root):
    document = upload(personas.counsellor, iom_case)
    services.document_delete(actor=personas.counsellor, document=document, reason="Wrong case")
    document.refresh_from_db()
    assert (document.deleted_by, document.deletion_reason) == (personas.counsellor, "Wrong case")
    assert document.deleted_at is not None
    assert (Path(document_root) / document.file.name).exists()
    assert list(selectors.documents_of(personas.counsellor, iom_case)) == []
    with pytest.raises(Http404):
        selectors.document_for(personas.counsellor, document.pk)
    entry = AuditEntry.objects.get(action="document.deleted")
    assert "Wrong case" not in str(entry.details) and entry.details["document_type"] == "passport"


def test_deleting_needs_a_reason(personas, iom_case):
    document = upload(personas.counsellor, iom_case)
    with pytest.raises(ValidationError) as excinfo:
        services.document_delete(actor=personas.counsellor, document=document, reason="  ")
    assert excinfo.value.message_dict["reason"] == ["Give a reason for deleting the document."]


def test_a_document_is_deleted_once(personas, iom_case):
    document = upload(personas.counsellor, iom_case)
    services.document_delete(actor=personas.counsellor, document=document, reason="Duplicate")
    with pytest.raises(ValidationError):
        services.document_delete(actor=personas.team_lead, document=document, reason="Again")


def test_deleting_needs_case_write(personas, iom_case):
    document = upload(personas.counsellor, iom_case)
    with pytest.raises(PermissionDenied):
        services.document_delete(actor=personas.iom_dpo, document=document, reason="No")


# --- selectors --------------------------------------------------------------------------

def test_medical_reports_are_visible_only_with_case_sensitive_read(personas, iom_case):
    medical = upload(personas.counsellor, iom_case, document_type=DocumentType.MEDICAL_REPORT, title="Befund")
    passport = upload(personas.counsellor, iom_case)
    assert set(selectors.documents_of(personas.counsellor, iom_case)) == {medical, passport}
    assert list(selectors.documents_of(personas.hotline, iom_case)) == [passport]
    assert selectors.document_for(personas.counsellor, medical.pk) == medical
    with pytest.raises(Http404):
        selectors.document_for(personas.hotline, medical.pk)


def test_other_organisations_see_no_documents(personas, iom_case):
    document = upload(personas.counsellor, iom_case)
    for outsider in (personas.diakonie_counsellor, personas.partner, personas.authority):
        assert not selectors.documents_visible_to(outsider).exists()
        with pytest.raises(Http404):
            selectors.document_for(outsider, document.pk)


def test_documents_of_a_restricted_case_follow_the_case(personas, restricted_case):
    document = upload(personas.counsellor, restricted_case)
    with pytest.raises(Http404):
        selectors.document_for(personas.counsellor_speyer, document.pk)
    assert selectors.document_for(personas.team_lead, document.pk) == document


def test_a_document_on_a_person_alone_follows_the_person(personas, orgs):
    case = make_case(personas.counsellor, orgs.iom)
    person = case.household.members.get().person
    document = upload(personas.counsellor, case, person=person)
    Document.objects.filter(pk=document.pk).update(case=None)
    assert selectors.document_for(personas.counsellor, document.pk).pk == document.pk
    with pytest.raises(Http404):
        selectors.document_for(personas.diakonie_counsellor, document.pk)


def test_reads_are_audited(personas, iom_case):
    document = upload(personas.counsellor, iom_case)
    selectors.document_for(personas.team_lead, document.pk)
    selectors.document_content(personas.team_lead, document, action="previewed")
    listed = selectors.documents_listed(personas.team_lead, iom_case)
    actions = list(AuditEntry.objects.filter(actor=personas.team_lead).order_by("id").values_list("action", flat=True))
    assert actions == ["document.viewed", "document.previewed", "document.list_viewed"]
    assert AuditEntry.objects.get(action="document.list_viewed").details["ids"] == [d.pk for d in listed]


# --- demo data --------------------------------------------------------------------------

def test_demo_documents_are_fictitious_and_seeded_once(personas, orgs, iom_case):
    from types import SimpleNamespace

    from apps.cases import demo_documents

    network = SimpleNamespace(organisations={"IOM": orgs.iom}, users={"counsellor": personas.counsellor})
    make_case(personas.counsellor, orgs.iom, family_name="Beispiel")
    assert demo_documents.seed(network) == 4
    assert demo_documents.seed(network) == 0
    document = Document.objects.filter(document_type=DocumentType.PASSPORT).first()
    content = selectors.document_content(personas.counsellor, document, action="downloaded")
    assert content.startswith(b"%PDF") and document.content_type == "application/pdf"
