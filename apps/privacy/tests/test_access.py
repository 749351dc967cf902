"""Subject-access export end to end: the data protection officer finds a person, requests the
export, the job queue writes it (every registered source), the ZIP holds JSON, a German and a
Persian PDF and the person's documents, nothing of the other household member; the download
is audited with counts; the expiry job deletes the file; only the organisation's DPO reaches it."""

import io
import json
import zipfile
from datetime import timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Q
from django.utils import timezone, translation
from pypdf import PdfReader

from apps.assessments.tests.factories import record_vulnerability
from apps.audit.models import AuditEntry
from apps.cases import services as case_services
from apps.clients import services as client_services
from apps.core.chunked import export_storage
from apps.jobs.schedule import PERIODIC
from apps.jobs.testing import queued_tasks, run_jobs
from apps.privacy import registry, subject_access
from apps.privacy.access_pdf import labels_for
from apps.privacy.models import SubjectAccessExport
from tests.factories import member

MINE = b"%PDF-1.4\n% the principal's passport MARKA-DOC\n%%EOF\n"
THEIRS = b"%PDF-1.4\n% the other member's paper MARKB-DOC\n%%EOF\n"
OTHER_MEMBER = ("Zarmina", "Qaribzada", "MARKB-SESSION")


def _kinds_by_source(person_id: int) -> dict[str, list[str]]:
    """What each registered source holds about the person (kinds), in reading order."""
    with translation.override("de"):
        return {source.code: [item.kind for item in source.collect(person_id)]
                for source in reversed(registry.subject_sources())}


def _pdf_text(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


@pytest.fixture
def household(personas, orgs, iom_case):
    """The principal (Persian) with a session, a consent and a passport; a second member with
    a session of her own and a document about her."""
    principal = iom_case.household.members.get().person
    other = client_services.person_create(actor=personas.counsellor, organisation=orgs.iom, data={
        "given_names": OTHER_MEMBER[0], "family_name": OTHER_MEMBER[1]}, languages=[("ps", "native")])
    client_services.household_add_member(actor=personas.counsellor, household=iom_case.household, person=other,
                                         relationship="spouse")
    counsellor = personas.counsellor
    case_services.session_record(actor=counsellor, case=iom_case, participants=[principal], data={
        "channel": "office", "language": "fa", "summary": "Spoke about the return plan MARKA-SESSION"})
    case_services.session_record(actor=counsellor, case=iom_case, participants=[other], data={
        "channel": "office", "language": "ps", "summary": f"Her own worries {OTHER_MEMBER[2]}"})
    client_services.consent_record(actor=counsellor, person=principal, data={
        "purpose": "counselling", "form": "oral", "language": "fa"})
    case_services.document_upload(actor=counsellor, case=iom_case, person=principal, document_type="passport",
                                  title="Pass", uploaded_file=SimpleUploadedFile("../../pass.pdf", MINE))
    case_services.document_upload(actor=counsellor, case=iom_case, person=other, document_type="passport",
                                  title="Her paper", uploaded_file=SimpleUploadedFile("hers.pdf", THEIRS))
    record_vulnerability(counsellor, iom_case, person=principal, details="Needs a ground-floor flat MARKA-VULN")
    record_vulnerability(counsellor, iom_case, person=other, details="MARKB-VULN")
    return principal, other


@pytest.fixture
def dpo_client(client, personas, django_capture_on_commit_callbacks):
    """The IOM data protection officer; a request's on-commit work (enqueueing the job) runs,
    as it would after a real commit."""
    client.force_login(personas.iom_dpo)
    post = client.post

    def committing_post(*args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return post(*args, **kwargs)

    client.post = committing_post
    return client


def _export(dpo_client, person) -> SubjectAccessExport:
    response = dpo_client.post("/privacy/access/request/", {"person_id": person.pk})
    assert response.status_code == 302
    export = SubjectAccessExport.objects.get()
    assert response["Location"] == f"/privacy/access/{export.pk}/"
    assert queued_tasks("apps.privacy.tasks_access.run_subject_access_export").count() == 1
    run_jobs()
    export.refresh_from_db()
    assert export.status == SubjectAccessExport.Status.READY, export.error
    return export


def test_the_export_holds_every_record_of_the_person_and_nothing_of_the_other_member(dpo_client, household,
                                                                                    personas, iom_case):
    principal, other = household
    search = dpo_client.get("/privacy/access/", {"q": "Hosseini"})
    assert search.status_code == 200 and f'value="{principal.pk}"' in search.content.decode()
    before = _kinds_by_source(principal.pk)
    export = _export(dpo_client, principal)
    assert export.language == "fa" and export.subject_label == f"person #{principal.pk}"

    response = dpo_client.get(f"/privacy/access/{export.pk}/download/")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = set(archive.namelist())
    assert {"data.json", "auskunft-de.pdf", "auskunft-fa.pdf"} <= names
    data = json.loads(archive.read("data.json"))

    # Every record of every registered source is there, source after source in reading order.
    after = _kinds_by_source(principal.pk)
    exported: dict[str, list[str]] = {}
    for item in data["records"]:
        exported.setdefault(item["source"], []).append(item["kind"])
    if "audit" not in after:  # no app registers the audit log: the export adds its entries last
        assert list(exported)[-1] == "audit" and set(exported.pop("audit")) == {"audit_entry"}
        _assert_audit_entries_of_the_person_only(data, principal, other, iom_case)
    assert list(exported) == [code for code in after if exported.get(code)]
    for code in after:
        got = exported.get(code, [])
        if before[code] == after[code]:
            assert got == before[code], code
        else:  # a source that records the export itself (audit entries about the person)
            assert len(before[code]) <= len(got) <= len(after[code]), code
    kinds = {r["kind"] for r in data["records"]}
    assert {"person", "consent", "case", "counselling_session", "document", "vulnerability"} <= kinds
    assert data["person"]["id"] == principal.pk and data["person"]["language"] == "fa"
    everything = json.dumps(data, ensure_ascii=False)
    assert "MARKA-SESSION" in everything and "MARKA-VULN" in everything and "Hosseini" in everything

    # The documents decrypt to the bytes uploaded; the name cannot climb out of documents/.
    documents = [name for name in names if name.startswith("documents/")]
    assert [archive.read(name) for name in documents] == [MINE]
    assert documents[0].startswith("documents/001-") and ".." not in documents[0]
    assert any(documents[0] in r["files"] for r in data["records"])

    german, persian = _pdf_text(archive.read("auskunft-de.pdf")), _pdf_text(archive.read("auskunft-fa.pdf"))
    with translation.override("de"):
        assert translation.gettext("Date") in german  # "Datum": the German catalogue
    assert labels_for("fa")["title"] in persian and labels_for("fa")["title"] != labels_for("en")["title"]
    for text in (german, persian):
        assert "Hosseini" in text and "MARKA-SESSION" in text

    # Nothing of the other member: her names, her session, her document.
    whole = everything + german + persian + "".join(archive.read(n).decode("latin-1") for n in documents)
    for marker in (*OTHER_MEMBER, "MARKB-DOC", "Her paper", "MARKB-VULN"):
        assert marker not in whole, marker
    _assert_audited_with_counts(export, principal, personas)


def _assert_audit_entries_of_the_person_only(data, principal, other, case):
    """The audit log's entries about the person and about their case that name nobody else,
    up to the moment the export was written; none about the other member."""
    finished = AuditEntry.objects.get(action="subject_access_export.finished")
    theirs = AuditEntry.objects.filter(Q(person_id=principal.pk) | Q(case_id=case.pk, person_id__isnull=True),
                                       pk__lt=finished.pk)
    exported = [item for item in data["records"] if item["source"] == "audit"]
    assert len(exported) == theirs.count() > 0
    assert AuditEntry.objects.filter(person_id=other.pk, pk__lt=finished.pk).exists()
    assert len(exported) < AuditEntry.objects.filter(Q(person_id__in=[principal.pk, other.pk]) | Q(case_id=case.pk),
                                                     pk__lt=finished.pk).count()


def _assert_audited_with_counts(export, principal, personas):
    """Search, request, finish and download are in the audit log with the person's id and
    counts, never a name."""
    entries = {e.action: e for e in AuditEntry.objects.filter(action__startswith="subject_access")}
    assert set(entries) == {"subject_access.searched", "subject_access_export.requested",
                            "subject_access_export.finished", "subject_access_export.downloaded"}
    assert entries["subject_access.searched"].details == {"hits": 1}
    finished, downloaded = entries["subject_access_export.finished"], entries["subject_access_export.downloaded"]
    assert finished.person_id == downloaded.person_id == principal.pk
    assert downloaded.actor_id == personas.iom_dpo.pk
    assert finished.details["records"] == export.records > 0 and finished.details["files"] == 1
    assert finished.details["pdf_languages"] == ["de", "fa"]
    for entry in entries.values():
        text = json.dumps(entry.details) + entry.object_label
        assert "Hosseini" not in text and "Mohammad" not in text
    export.refresh_from_db()
    assert export.downloaded_at is not None


def test_the_progress_box_polls_until_the_export_is_ready(dpo_client, household):
    principal, _other = household
    dpo_client.post("/privacy/access/request/", {"person_id": principal.pk})
    export = SubjectAccessExport.objects.get()
    waiting = dpo_client.get(f"/privacy/access/{export.pk}/status/", HTTP_HX_REQUEST="true")
    assert 'hx-trigger="every 2s"' in waiting.content.decode() and "HX-Refresh" not in waiting
    run_jobs()
    done = dpo_client.get(f"/privacy/access/{export.pk}/status/", HTTP_HX_REQUEST="true")
    assert done["HX-Refresh"] == "true" and f"/privacy/access/{export.pk}/download/" in done.content.decode()


def test_the_expiry_job_deletes_the_file_and_the_download_ends(dpo_client, household, settings):
    principal, _other = household
    export = _export(dpo_client, principal)
    assert export_storage().exists(export.stored_name)
    assert "privacy.expire_access_exports" in PERIODIC
    with time_machine.travel(timezone.now() + timedelta(days=settings.EXPORT_RETENTION_DAYS, hours=1)):
        assert subject_access.access_exports_expire() == 1
        assert not export_storage().exists(export.stored_name)
        export.refresh_from_db()
        assert export.status == SubjectAccessExport.Status.EXPIRED and export.stored_name == ""
        assert AuditEntry.objects.filter(action="subject_access_export.expired", person_id=principal.pk).exists()
    assert dpo_client.get(f"/privacy/access/{export.pk}/download/").status_code == 404


def test_an_officer_who_left_before_the_job_ran_gets_no_file(dpo_client, household, personas):
    principal, _other = household
    dpo_client.post("/privacy/access/request/", {"person_id": principal.pk})
    type(personas.iom_dpo).objects.filter(pk=personas.iom_dpo.pk).update(is_active=False)
    run_jobs()
    export = SubjectAccessExport.objects.get()
    assert export.status == SubjectAccessExport.Status.FAILED and "no longer" in export.error
    assert not export.stored_name
    assert AuditEntry.objects.filter(action="subject_access_export.failed", person_id=principal.pk).exists()


def test_only_the_data_protection_officer_of_the_persons_organisation(client, household, personas, orgs):
    principal, _other = household
    client.force_login(personas.counsellor)
    assert client.get("/privacy/access/").status_code == 403
    assert client.post("/privacy/access/request/", {"person_id": principal.pk}).status_code == 403
    diakonie_dpo = member(orgs.diakonie, "data_protection_officer", email="dpo@diakonie.test")
    client.force_login(diakonie_dpo)
    page = client.get("/privacy/access/", {"q": "Hosseini"}).content.decode()
    assert 'name="person_id"' not in page and "No person of your organisation matches." in page
    assert client.post("/privacy/access/request/", {"person_id": principal.pk}).status_code == 404
    assert not SubjectAccessExport.objects.exists()
    client.force_login(personas.iom_dpo)
    for bad in ("x", "-1", str(10**30)):
        assert client.post("/privacy/access/request/", {"person_id": bad}).status_code == 302
    assert not SubjectAccessExport.objects.exists()


@pytest.mark.parametrize("language", ["ar", "fa", "ps"])
def test_right_to_left_pdf_labels_are_extractable(language):
    from apps.privacy.access_pdf import access_pdf

    item = registry.SubjectRecord("note", "Notiz", {"Text": "سلام MARK-42"}, at=timezone.now(),
                                  files=[("a.pdf", b"x")])
    text = _pdf_text(access_pdf(language=language, organisation="IOM", person="Mohammad Hosseini",
                                records=[item], files={0: ["documents/001-a.pdf"]}, now=timezone.now()))
    labels = labels_for(language)
    assert labels["title"] in text and labels["controller"] in text and "documents/001-a.pdf" in text
    assert "MARK-42" in text and "Hosseini" in text


def test_the_readable_pdf_shows_dates_in_the_local_format_and_keeps_other_text():
    from apps.privacy.access_pdf import display

    with translation.override("de"):
        labels = labels_for("de")
        assert display("2026-12-05", labels) == "05.12.2026"
        assert display("2026-12-05T01:00+01:00", labels) == "05.12.2026 01:00"
        assert display(["2026-01-02", "2026-13-45", True, None], labels) == "02.01.2026, 2026-13-45, ja, —"
