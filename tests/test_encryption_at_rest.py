"""Identifying and special-category fields are ciphertext in their columns (issue 13, "Encrypt
at rest"): each is read raw with SQL and must not contain what was written, while the model
reads it back; the lookups that must keep working (name search, the duplicate check of event
registrations, reports by vulnerability type) work; key rotation covers every such field,
including event materials kept as encrypted bytes. docs/data-protection.md, section 8."""

import io
from datetime import date, timedelta

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from apps.assessments import selectors as assessment_selectors
from apps.assessments import services as assessment_services
from apps.assessments.models import Vulnerability, VulnerabilityType
from apps.assessments.tests.factories import principal_of, record_vulnerability
from apps.clients import selectors as client_selectors
from apps.clients import services as client_services
from apps.clients.models import Person
from apps.core import fields
from apps.events import services as event_services
from apps.events.models import EventMaterial, Feedback, Registration
from apps.events.tests.helpers import make_event, register_public
from apps.mobile.models import HostingRequest
from apps.network.models import ExpertQuestion, QuestionMessage
from apps.portal.models import AccessibilityFeedback
from apps.referrals.models import IncomingReferral
from apps.regions.models import District
from apps.reports import engine
from apps.reports.engine import Filters, Period
from tests.factories import make_case


@pytest.fixture(autouse=True)
def _clock(fixed_clock):
    """Periods count back from "now": a fixed moment (conftest.FIXED_MOMENT), not the day of the run."""


pytestmark = pytest.mark.django_db
MARK = "Zq7Marker"


def raw(obj, field: str):
    """The column value as stored, past the field's decryption."""
    model = type(obj)
    column = model._meta.get_field(field).column
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {quote(column)} FROM {quote(model._meta.db_table)} "  # noqa: S608 - names from _meta
                       f"WHERE {quote(model._meta.pk.column)} = %s", [obj.pk])
        return cursor.fetchone()[0]


def assert_ciphertext(obj, *names, plain=MARK):
    for name in names:
        value = raw(obj, name)
        if isinstance(value, memoryview | bytes):
            value = bytes(value)
            assert plain.encode() not in value and fields.under_newest_key(value), name
        else:
            assert value.startswith(fields.PREFIX) and plain not in value, name


@pytest.fixture
def person(personas, orgs):
    return client_services.person_create(actor=personas.counsellor, organisation=orgs.iom, data={
        "family_name": "Haddad", "given_names": "Rania", "phone": "0651 4711 000",
        "email": f"{MARK.lower()}@example.org", "street": f"{MARK}straße 3", "postcode": "54290",
        "city": f"{MARK}stadt", "bamf_file_number": f"{MARK}-438"})


def test_a_persons_contacts_address_and_file_number_are_ciphertext_and_read_back(person):
    assert_ciphertext(person, "street", "city", "bamf_file_number")
    assert_ciphertext(person, "email", plain=MARK.lower())
    assert_ciphertext(person, "phone", plain="6514711000")
    stored = Person.objects.get(pk=person.pk)
    assert stored.phone == "+496514711000"  # normalised to E.164 before it was encrypted
    assert (stored.street, stored.city, stored.bamf_file_number) == (
        f"{MARK}straße 3", f"{MARK}stadt", f"{MARK}-438")
    assert raw(person, "postcode") == "54290" and raw(person, "family_name") == "Haddad"  # readable: see docs


def test_a_person_is_still_found_by_name_and_a_bad_phone_number_is_refused(personas, orgs, person):
    assert list(client_selectors.search_persons(personas.counsellor, "haddad")) == [person]
    assert list(client_selectors.search_persons(personas.counsellor, "Rania Hadad")) == [person]
    with pytest.raises(ValidationError) as refused:
        client_services.person_update(actor=personas.counsellor, person=person, expected_version=person.version,
                                      data={"phone": "12"})
    assert "phone" in refused.value.message_dict


def test_an_incoming_referrals_names_and_contacts_are_ciphertext(personas, orgs):
    incoming = IncomingReferral.objects.create(
        from_organisation=orgs.partner, submitted_by=personas.partner, to_organisation=orgs.iom,
        family_name=MARK, given_names=f"{MARK}a", phone="+49 651 0000000", email=f"{MARK.lower()}@example.org",
        language="ar", reason="Fiktiv", consent_confirmed=True, consent_form="oral")
    assert_ciphertext(incoming, "family_name", "given_names")
    assert_ciphertext(incoming, "email", plain=MARK.lower())
    assert_ciphertext(incoming, "phone", plain="6510000000")
    stored = IncomingReferral.objects.get(pk=incoming.pk)
    assert (stored.family_name, stored.phone) == (MARK, "+496510000000")


def test_a_vulnerabilitys_type_and_week_of_pregnancy_are_ciphertext(personas, iom_case):
    pregnancy = record_vulnerability(personas.counsellor, iom_case, "pregnancy", pregnancy_week=23)
    trafficking = record_vulnerability(personas.counsellor, iom_case, "trafficking")
    assert_ciphertext(pregnancy, "type_code", "pregnancy_week", plain="pregnancy")
    assert_ciphertext(trafficking, "type_code", plain="trafficking")
    stored = Vulnerability.objects.get(pk=pregnancy.pk)
    assert (stored.type.code, stored.pregnancy_week, stored.sensitive) == ("pregnancy", 23, True)
    # The eligibility tab reads the badge codes: trafficking is still recognised.
    badges = assessment_selectors.open_vulnerability_badges(personas.counsellor, iom_case)
    assert {b["code"] for b in badges[principal_of(iom_case).pk]} == {"pregnancy", "trafficking"}


def test_changing_whether_a_type_is_sensitive_moves_its_recorded_vulnerabilities(personas, iom_case):
    single = record_vulnerability(personas.counsellor, iom_case, "single_parent")
    other = record_vulnerability(personas.counsellor, iom_case, "older_person")
    vtype = VulnerabilityType.objects.get(code="single_parent")
    assessment_services.vulnerability_type_save(actor=personas.network_admin, vulnerability_type=vtype,
                                                data={"is_sensitive": True})
    assert Vulnerability.objects.get(pk=single.pk).sensitive is True
    assert Vulnerability.objects.get(pk=other.pk).sensitive is False


def test_reports_count_and_drill_into_vulnerabilities_by_their_encrypted_type(personas, iom_case):
    for code in ("single_parent", "single_parent", "older_person"):
        record_vulnerability(personas.counsellor, iom_case, code)
    today = timezone.localdate()
    period = Period(today - timedelta(days=1), today)
    figure = engine.compute("vulnerabilities_by_type", period, Filters(), breakdown="type")
    assert (figure.cells, figure.total) == ({"single_parent": 2, "older_person": 1}, 3)
    shown = engine.drilldown("vulnerabilities_by_type", period, Filters(), personas.team_lead, cell="single_parent")
    assert {v.type.code for v in shown} == {"single_parent"} and len(list(shown)) == 2


def test_event_registrants_and_feedback_are_ciphertext_and_an_address_registers_once(personas, orgs):
    event = make_event(personas.coordinator, orgs.diakonie)
    registration, _token = register_public(event, name=f"{MARK} Person", email=f"{MARK.lower()}@example.org")
    assert_ciphertext(registration, "name")
    assert_ciphertext(registration, "email", plain=MARK.lower())
    assert Registration.objects.get(pk=registration.pk).email == f"{MARK.lower()}@example.org"
    with pytest.raises(ValidationError) as duplicate:
        register_public(event, n=2, email=f"  {MARK.upper()}@EXAMPLE.ORG ")
    assert "email" in duplicate.value.message_dict
    feedback = Feedback.objects.create(event=event, registration=registration, overall=4, usefulness=5,
                                       comment=f"{MARK} war hilfreich")
    assert_ciphertext(feedback, "comment")


@pytest.fixture
def free_texts(personas, orgs):
    feedback = AccessibilityFeedback.objects.create(name=MARK, email=f"{MARK.lower()}@example.org",
                                                    message=f"{MARK} Barriere", language="de")
    question = ExpertQuestion.objects.create(organisation=orgs.iom, competence_centre=orgs.diakonie,
                                             subject="Frage", category="other", due_on=date(2030, 1, 1))
    message = QuestionMessage.objects.create(question=question, text=f"{MARK} Fallbeschreibung")
    hosting = HostingRequest.objects.create(
        requesting_organisation=orgs.partner, requested_by=personas.partner, counselling_organisation=orgs.iom,
        premises_name="Gemeindehaus", district=District.objects.first(), frequency="monthly",
        message=f"{MARK} Nachricht", response=f"{MARK} Antwort")
    return feedback, message, hosting


def test_portal_feedback_expert_questions_and_hosting_requests_are_ciphertext(free_texts):
    feedback, message, hosting = free_texts
    assert_ciphertext(feedback, "name", "message")
    assert_ciphertext(feedback, "email", plain=MARK.lower())
    assert_ciphertext(message, "text")
    assert_ciphertext(hosting, "message", "response")
    assert QuestionMessage.objects.get(pk=message.pk).text == f"{MARK} Fallbeschreibung"


def test_rotation_re_encrypts_the_new_fields_and_event_materials(settings, personas, orgs, iom_case, person,
                                                                 free_texts):
    vulnerability = record_vulnerability(personas.counsellor, iom_case, "pregnancy", pregnancy_week=12)
    event = make_event(personas.coordinator, orgs.diakonie)
    registration, _token = register_public(event, name=MARK)
    material = event_services.material_upload(
        actor=personas.coordinator, event=event, title="Folien",
        uploaded_file=SimpleUploadedFile("folien.pdf", b"%PDF-1.4\n% fiktiv\n%%EOF\n", "application/pdf"))
    old_key = settings.FIELD_ENCRYPTION_KEYS[0]
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), old_key]
    with pytest.raises(Exception, match="older key"):
        call_command("rotate_field_keys", "--check", "--skip-documents", stdout=io.StringIO())
    out = io.StringIO()
    call_command("rotate_field_keys", "--skip-documents", stdout=out)
    assert "events.EventMaterial.data: 1 files, 1 re-encrypted" in out.getvalue()
    settings.FIELD_ENCRYPTION_KEYS = settings.FIELD_ENCRYPTION_KEYS[:1]  # the old key is gone
    call_command("rotate_field_keys", "--check", "--skip-documents", stdout=io.StringIO())
    stored = Person.objects.get(pk=person.pk)
    assert (stored.phone, stored.bamf_file_number) == ("+496514711000", f"{MARK}-438")
    stored = Vulnerability.objects.get(pk=vulnerability.pk)
    assert (stored.type.code, stored.pregnancy_week) == ("pregnancy", 12)
    assert Registration.objects.get(pk=registration.pk).name == MARK
    assert event_services.material_bytes(EventMaterial.objects.get(pk=material.pk)).startswith(b"%PDF")
    feedback, message, hosting = free_texts
    assert AccessibilityFeedback.objects.get(pk=feedback.pk).message == f"{MARK} Barriere"
    assert HostingRequest.objects.get(pk=hosting.pk).response == f"{MARK} Antwort"


def test_every_encrypted_column_is_found_by_the_rotation():
    """What rotate_field_keys walks (EncryptedTextField and its kinds, EncryptedBinaryField)
    includes the fields this issue encrypted."""
    from django.apps import apps

    found = {f"{m._meta.label}.{f.name}" for m in apps.get_models() for f in m._meta.get_fields()
             if isinstance(f, fields.EncryptedTextField | fields.EncryptedBinaryField)}
    assert found >= {
        "clients.Person.phone", "clients.Person.email", "clients.Person.street", "clients.Person.city",
        "clients.Person.bamf_file_number", "referrals.IncomingReferral.phone", "referrals.IncomingReferral.email",
        "referrals.IncomingReferral.family_name", "assessments.Vulnerability.type_code",
        "assessments.Vulnerability.pregnancy_week", "assessments.AssessmentAnswer.answer",
        "events.Registration.name", "events.Registration.email", "events.Feedback.comment",
        "events.EventMaterial.data", "portal.AccessibilityFeedback.message", "network.QuestionMessage.text",
        "mobile.HostingRequest.message", "applications.TravelDocument.number",
    }


def test_make_case_still_works_with_encrypted_contacts(personas, orgs):
    case = make_case(personas.counsellor, orgs.iom, family_name="Nasser", phone="+49 651 1234567")
    assert principal_of(case).phone == "+496511234567"
