"""The proof of erasure (issue 13): a person with a unique marker in every field of every
record about them, and in a document's content, is erased (and, separately, anonymised by
the retention run); afterwards the marker is nowhere — not in the raw SQLite database file
and its write-ahead log (free pages included), not in a `pg_dump` of the PostgreSQL
database, not in any file of the document storage. The household member who stays keeps
their data, and the audit log keeps ids, never names.

Where the SQLite database lives: the test suite's SQLite database is in memory (or, with
SQLITE_TEST_NAME, a file other tests share). This module copies the migrated test database
page by page (SQLite's backup API) into a file of its own under tmp_path, points Django's
default connection at that file for the length of the test (the connection to the suite's
database is put aside and restored afterwards, untouched), and works there in autocommit,
as production does: each service commits, `on_commit` hooks run, `init_command` (WAL,
secure_delete) applies. On PostgreSQL the test commits (transactional_db) and dumps the
test database with pg_dump from /usr/lib/postgresql/*/bin (skipped when there is none).
"""

import contextlib
import glob
import os
import secrets
import shutil
import sqlite3
import string
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django.utils import timezone

from apps.accounts.models import Organisation
from apps.assessments import services as assessment_services
from apps.assessments.models import VulnerabilityType
from apps.audit.models import AuditEntry
from apps.cases import services as case_services
from apps.cases.models import Case, CounsellingSession, Document, DocumentType
from apps.clients import services as client_services
from apps.clients.models import Consent, Person
from apps.disclosures import services as disclosure_services
from apps.disclosures.models import DisclosurePurpose
from apps.privacy import registry
from apps.privacy import services as privacy_services
from apps.referrals import services as referral_services
from apps.referrals.models import ServiceType
from tests.factories import OrganisationFactory, ensure_reference_data, member

TODAY = date(2026, 3, 2)


def new_marker() -> str:
    """Letters only: the name search stores names as lower-case letters (apps.clients.names),
    so a marker with digits would hide its tokens from the scan."""
    return "Qxv" + "".join(secrets.choice(string.ascii_lowercase) for _ in range(10))


# --- The database the scan reads ---------------------------------------------------------------

@contextlib.contextmanager
def _file_database(path: Path, *, secure_delete: bool = True):
    """Point the default connection at a page-for-page copy of the migrated test database."""
    wrapper = connections["default"]
    wrapper.ensure_connection()
    suite_connection, suite_name = wrapper.connection, wrapper.settings_dict["NAME"]
    suite_options = dict(wrapper.settings_dict["OPTIONS"])
    if not secure_delete:  # the control: what the scan finds without it
        wrapper.settings_dict["OPTIONS"]["init_command"] = suite_options["init_command"].replace(
            "PRAGMA secure_delete=ON;", "PRAGMA secure_delete=OFF;")
    target = sqlite3.connect(path)
    suite_connection.backup(target)
    target.close()
    wrapper.connection = None
    wrapper.settings_dict["NAME"] = str(path)
    try:
        yield path
    finally:
        wrapper.close()
        wrapper.settings_dict["NAME"] = suite_name
        wrapper.settings_dict["OPTIONS"] = suite_options
        wrapper.connection = suite_connection


# Transactional: every service commits, as in production (pg_dump and the raw file see only
# what is committed). On SQLite the flush afterwards meets the suite's database, untouched.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def scan_database(tmp_path):
    """("sqlite", path of the file) or ("postgresql", None); the world is built in it."""
    if connection.vendor == "sqlite":
        with _file_database(tmp_path / "scan.sqlite3") as path:
            yield "sqlite", path
    else:
        if not glob.glob("/usr/lib/postgresql/*/bin/pg_dump") and not shutil.which("pg_dump"):
            pytest.skip("pg_dump is not installed")
        yield "postgresql", None


@pytest.fixture
def insecure_sqlite(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("the control concerns SQLite's free pages")
    with _file_database(tmp_path / "insecure.sqlite3", secure_delete=False) as path:
        yield path


def _pg_dump() -> bytes:
    params = connection.settings_dict
    binary = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_dump"))[-1:] or [shutil.which("pg_dump")]
    env = {**os.environ, "PGPASSWORD": params.get("PASSWORD") or ""}
    command = [binary[0], "--no-owner", "--host", params.get("HOST") or "127.0.0.1",
               "--port", str(params.get("PORT") or 5432), "--username", params.get("USER") or "postgres",
               params["NAME"]]
    return subprocess.run(command, env=env, check=True, capture_output=True).stdout


def hits(marker: str, kind: str, path: Path | None) -> dict[str, int]:
    """Where the marker is: {file: count}, in UTF-8, in any case (the name tokens are lower case)."""
    needle = marker.lower().encode()
    blobs: dict[str, bytes] = {}
    if kind == "sqlite":
        for suffix in ("", "-wal", "-journal"):
            if Path(f"{path}{suffix}").exists():
                blobs[f"database{suffix}"] = Path(f"{path}{suffix}").read_bytes()
    else:
        blobs["pg_dump"] = _pg_dump()
    for file in Path(settings.DOCUMENT_ROOT).rglob("*"):
        if file.is_file():
            blobs[str(file)] = file.read_bytes()
    found = {}
    for name, data in blobs.items():
        if count := data.lower().count(needle):
            found[name] = count
    return found


# --- The world ---------------------------------------------------------------------------------

def _pdf(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(f"{text}.pdf", f"%PDF-1.4\n% {text}\n1 0 obj << >> endobj\n%%EOF\n".encode())


def build_world(m: str):
    """An IOM case of a household of two: Mohammad Hosseini (the principal, who stays) and the
    marked person (a child of his, erased), with the marker in every field that can hold it."""
    ensure_reference_data()
    iom = OrganisationFactory(name="IOM Rheinland-Pfalz", code="IOM")
    authority = OrganisationFactory(name="Ausländerbehörde Trier", code="ABHTR", kind=Organisation.Kind.AUTHORITY)
    partner = OrganisationFactory(name="Caritas Trier", code="CARTR", kind=Organisation.Kind.PARTNER)
    lead = member(iom, "team_lead", email="lead@iom.test")
    officer = member(authority, "authority_counsellor", email="abh@authority.test")
    partner_staff = member(partner, "partner_staff", email="staff@partner.test")
    network_admin = member(iom, "network_admin", email="netadmin@iom.test")

    principal = client_services.person_create(actor=lead, organisation=iom, data={
        "family_name": "Hosseini", "given_names": "Mohammad", "birth_date": date(1980, 5, 17)},
        languages=[("fa", "native")])
    household = client_services.household_create(actor=lead, principal=principal)
    case = case_services.case_open(actor=lead, household=household)
    marked = client_services.person_create(actor=lead, organisation=iom, data={
        "family_name": m, "given_names": f"{m}given", "name_variants": f"{m}variant",
        "birth_date": date(2015, 8, 9), "phone": "+4915112345678", "email": f"{m.lower()}@example.org",
        "street": f"{m}straße 1", "postcode": "54290", "city": f"{m}stadt", "bamf_file_number": f"{m}-438"},
        languages=[("fa", "native")])
    client_services.household_add_member(actor=lead, household=household, person=marked, relationship="child")
    for person in (principal, marked):
        client_services.consent_record(actor=lead, person=person, data={
            "purpose": Consent.Purpose.DISCLOSURE_TO_AUTHORITY, "recipient": authority, "form": "written",
            "language": "fa", "notes": f"consent notes {m}"})
    referral_consent = client_services.consent_record(actor=lead, person=marked, data={
        "purpose": Consent.Purpose.REFERRAL, "recipient": partner, "form": "oral", "language": "fa",
        "notes": f"{m} agreed"})

    case_services.session_record(actor=lead, case=case, data={
        "channel": "office", "language": "fa", "location": f"Raum {m}", "interpreter_used": True,
        "interpreter_name": f"Interpreter for {m}", "summary": f"{m} and his father talked about school.",
        "next_steps": f"Call {m} next week"}, participants=[principal, marked])
    case_services.task_create(actor=lead, case=case, title=f"School report of {m}")
    own = case_services.document_upload(actor=lead, case=case, person=marked, document_type=DocumentType.PASSPORT,
                                        title=f"Passport {m}", uploaded_file=_pdf(m))
    deleted = case_services.document_upload(actor=lead, case=case, person=marked,
                                            document_type=DocumentType.CERTIFICATE, title=f"School {m}",
                                            uploaded_file=_pdf(f"school {m}"))
    case_services.document_delete(actor=lead, document=deleted, reason=f"duplicate of {m}")
    kept = case_services.document_upload(actor=lead, case=case, person=principal,
                                         document_type=DocumentType.PASSPORT, title="Passport of the father",
                                         uploaded_file=_pdf("Hosseini"))

    assessment_services.assessment_create(actor=lead, case=case, answers={}, expected_latest_version=0,
                                          note=f"{m} needs a school place")
    assessment_services.vulnerability_record(actor=lead, case=case, data={
        "person": marked, "type": VulnerabilityType.objects.get(code="single_parent"),
        "identified_how": "self_disclosed", "severity": "medium", "details": f"details {m}",
        "response_notes": f"response {m}"})
    assessment_services.participation_record(actor=lead, case=case, data={
        "child": marked, "how_heard": "with_parent", "information_given": f"told {m}",
        "child_views": f"{m} wants to stay with friends", "best_interests": f"school for {m}"})

    service = referral_services.service_create(
        actor=network_admin, provider=partner, data={"name": "Rechtsberatung Trier (fiktiv)"},
        service_types=[ServiceType.objects.get(code="legal_advice")])
    referral = referral_services.referral_create(actor=lead, case=case, service=service, person=marked,
                                                 reason=f"{m} needs advice", shared_fields=["name", "phone", "email"])
    referral_services.referral_send(actor=lead, referral=referral)
    incoming = referral_services.incoming_submit(actor=partner_staff, from_organisation=partner, to_organisation=iom,
                                                 data={"family_name": m, "given_names": f"{m}given",
                                                       "phone": "+4915112345678", "email": f"{m.lower()}@example.org",
                                                       "language": "fa", "reason": f"{m} asked for counselling",
                                                       "consent_confirmed": True, "consent_form": "oral"})
    referral_services.incoming_link_case(actor=lead, incoming=incoming, case=case)

    consent = Consent.objects.get(person=marked, purpose=Consent.Purpose.DISCLOSURE_TO_AUTHORITY)
    disclosure = disclosure_services.disclosure_create(
        actor=lead, case=case, consent=consent, recipient=authority,
        purpose=DisclosurePurpose.PROGRAMME_APPLICATION, fields=["name"], documents=[own])
    disclosure_services.disclosure_ask(actor=officer, disclosure=disclosure, text=f"Is {m} travelling?")
    disclosure_services.disclosure_answer(actor=lead, disclosure=disclosure, text=f"Yes, {m} travels.")
    disclosure_services.gub_record_by_counsellor(
        actor=lead, case=case, number=f"GUEB-{m}", issued_on=TODAY, valid_until=TODAY + timedelta(days=60),
        persons=[marked], issued_by=authority)
    _higher_apps(m, lead, iom, case, principal, marked)
    return {"case": case, "principal": principal, "marked": marked, "kept_document": kept,
            "referral_consent": referral_consent, "lead": lead}


def rows_with(marker: str) -> dict[str, int]:
    """Which tables still hold the marker in a row (for the failure message)."""
    found = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            columns = [c.name for c in connection.introspection.get_table_description(cursor, table)]
            condition = " OR ".join(f'LOWER(CAST("{c}" AS TEXT)) LIKE %s' for c in columns)
            cursor.execute(f'SELECT COUNT(*) FROM "{table}" WHERE {condition}',
                           [f"%{marker.lower()}%"] * len(columns))
            if count := cursor.fetchone()[0]:
                found[table] = count
    return found


def _higher_apps(m, lead, iom, case, principal, marked) -> None:
    """Applications, reintegration, appointments and the hotline: the records that the other
    apps' sources erase, each with the marker."""
    from apps.applications import services as application_services
    from apps.appointments import services as appointment_services
    from apps.appointments.tests.factories import make_day, make_location
    from apps.hotline.models import Call, CallbackRequest
    from apps.programmes.models import ProgrammeVersion
    from apps.reintegration import services as reintegration_services

    version = ProgrammeVersion.objects.filter(valid_from__lte=TODAY).exclude(valid_to__lt=TODAY).first()
    application = application_services.application_create(actor=lead, case=case, programme_version=version,
                                                           members=[principal, marked])
    application_services.declaration_record(actor=lead, application=application, person=marked, signed_on=TODAY)
    application_services.travel_document_record(actor=lead, application=application, person=marked,
                                                kind="passport", number=f"P{m}",
                                                expires_on=TODAY + timedelta(days=400))
    application_services.travel_save(actor=lead, application=application, data={
        "connection": f"Flight with {m}", "luggage_notes": f"bag of {m}", "needs_note": f"{m} needs a seat"})

    plan = reintegration_services.plan_create(actor=lead, case=case, person=marked, partner_in_origin=f"Uncle {m}")
    reintegration_services.goal_add(actor=lead, plan=plan, expected_version=plan.version, dimension="social",
                                    goal=f"School for {m}")
    visit = reintegration_services.visit_plan(actor=lead, case=case, person=marked, planned_for=TODAY,
                                              months_after_return=3)
    reintegration_services.visit_record(actor=lead, visit=visit, expected_version=visit.version, done_on=TODAY,
                                        channel="phone", interviewer=f"Interviewer {m}", notes=f"{m} is well",
                                        answers={"housing": "fair"})

    day = make_day(make_location(iom), lead, on=TODAY + timedelta(days=7), counsellors=[lead])
    appointment_services.appointment_book(actor=lead, slot=day.slots.first(), person=marked, data={
        "phone": "+4915112345678", "email": f"{m.lower()}@example.org", "language": "fa", "consent": True})

    call = Call.objects.create(organisation=iom, agent=lead, started_at=timezone.now(), direction="inbound",
                               caller_name=f"{m} caller", phone="+4915112345678", case=case)
    CallbackRequest.objects.create(organisation=iom, phone="+4915112345678", language="fa",
                                   first_name=f"{m}", source_call=call, case=case, due_at=timezone.now())


def assert_gone(marker: str, kind: str, path, world) -> None:
    found = hits(marker, kind, path)
    assert found == {}, f"the marker is still in {found}, in rows of {rows_with(marker)}"
    # The member who stays keeps their data, and the audit log keeps ids, never names.
    principal = Person.objects.get(pk=world["principal"].pk)
    assert (principal.family_name, principal.given_names) == ("Hosseini", "Mohammad")
    kept = Document.objects.get(pk=world["kept_document"].pk)
    assert Path(kept.file.storage.path(kept.file.name)).exists()
    assert AuditEntry.objects.filter(person_id=world["marked"].pk).exists()


def test_an_erased_person_leaves_no_trace_in_the_database_or_the_document_storage(scan_database):
    kind, path = scan_database
    marker = new_marker()
    with time_machine.travel(timezone.make_aware(timezone.datetime(2026, 3, 2, 10)), tick=True):
        world = build_world(marker)
        assert hits(marker, kind, path), "the scan must see the marker before the erasure"
        if kind == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA secure_delete")
                assert cursor.fetchone()[0] == 1
        counts = privacy_services.erase_person(person_id=world["marked"].pk, mode=registry.ERASE)
    assert counts["clients.persons"] == 1
    assert not Person.objects.filter(pk=world["marked"].pk).exists()
    session = CounsellingSession.objects.get(case=world["case"])
    assert session.summary == "[…] and his father talked about school."
    assert_gone(marker, kind, path, world)


def test_the_retention_run_anonymises_a_closed_case_without_trace(scan_database):
    kind, path = scan_database
    marker = new_marker()
    with time_machine.travel(timezone.make_aware(timezone.datetime(2026, 3, 2, 10)), tick=True):
        world = build_world(marker)
        case = Case.objects.get(pk=world["case"].pk)
        case_services.case_close(actor=world["lead"], case=case, outcome="stayed", expected_version=case.version)
    with time_machine.travel(timezone.make_aware(timezone.datetime(2029, 4, 2, 10)), tick=True):
        # The real run, as the data protection officer starts it: a dry run first, then the run.
        privacy_services.rules_ensure()
        dpo = member(case.organisation, "data_protection_officer", email="dpo@iom.test")
        for dry_run in (True, False):
            run = privacy_services.retention_run_request(actor=dpo, organisation=case.organisation, dry_run=dry_run)
            assert privacy_services.retention_run_execute(run.pk) == "done"
        run.refresh_from_db()
        assert run.counts["cases.closed_without_return"]["anonymised"] == 1
    marked = Person.objects.get(pk=world["marked"].pk)
    assert marked.anonymised_at and marked.birth_date == date(2015, 1, 1)
    assert hits(marker, kind, path) == {}
    # Anonymised, the father is anonymised too (the case went as a whole): nobody is named.
    assert Person.objects.get(pk=world["principal"].pk).family_name == "anonymisiert"
    assert not Document.objects.filter(case_id=case.pk).exists()


def test_the_scan_sees_deleted_content_in_free_pages_without_secure_delete(insecure_sqlite):
    """The control: the same erasure with secure_delete switched off leaves the marker in the
    file's free pages (in no row): the scan can see what secure_delete removes."""
    marker = new_marker()
    with time_machine.travel(timezone.make_aware(timezone.datetime(2026, 3, 2, 10)), tick=True):
        world = build_world(marker)
        privacy_services.erase_person(person_id=world["marked"].pk, mode=registry.ERASE)
    assert hits(marker, "sqlite", insecure_sqlite).get("database")
    assert rows_with(marker) == {}
