"""Writes of the disclosures app: the consent gate, revoking, the authority's actions and
the GÜB, each audited."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from apps.audit.models import AuditEntry
from apps.cases import services as case_services
from apps.clients import services as client_services
from apps.clients.models import Consent
from apps.core.errors import ConcurrentEditError
from apps.disclosures import services
from apps.disclosures.models import BorderCrossingCertificate, Disclosure, DisclosurePurpose
from tests.factories import OrganisationFactory, make_case

pytestmark = pytest.mark.django_db
P = DisclosurePurpose.PROGRAMME_APPLICATION


def create(personas, orgs, case, consent, **overrides):
    args = {"actor": personas.counsellor, "case": case, "consent": consent, "recipient": orgs.authority,
            "purpose": P, "fields": ["name"]}
    return services.disclosure_create(**(args | overrides))


def test_a_disclosure_rests_on_the_consent_and_is_audited(personas, orgs, iom_case, consent, make_document):
    document = make_document()
    disclosure = create(personas, orgs, iom_case, consent, fields=["nationalities", "name", "name"],
                        documents=[document], valid_until=timezone.localdate())
    assert disclosure.fields == ["name", "nationalities"]  # registry order, no duplicates
    assert list(disclosure.documents.all()) == [document]
    entry = AuditEntry.objects.get(action="disclosure.created")
    assert (entry.case_id, entry.organisation_id) == (iom_case.pk, orgs.iom.pk)
    assert entry.details["fields"] == ["name", "nationalities"] and entry.details["consent_id"] == consent.pk


def test_without_disclosure_create_it_is_refused(personas, orgs, iom_case, consent):
    with pytest.raises(PermissionDenied):
        create(personas, orgs, iom_case, consent, actor=personas.hotline)
    with pytest.raises(PermissionDenied):
        create(personas, orgs, iom_case, consent, actor=personas.diakonie_counsellor)


def test_a_consent_for_another_recipient_is_refused(personas, orgs, iom_case, principal):
    other = OrganisationFactory(name="Ausländerbehörde Mainz", code="ABHMZ", kind="authority")
    consent = client_services.consent_record(actor=personas.counsellor, person=principal, data={
        "purpose": Consent.Purpose.DISCLOSURE_TO_AUTHORITY, "recipient": other, "form": "oral", "language": "ar"})
    with pytest.raises(ValidationError, match="names another recipient"):
        create(personas, orgs, iom_case, consent)


def test_a_consent_for_another_purpose_or_withdrawn_is_refused(personas, orgs, iom_case, principal, consent):
    referral_consent = client_services.consent_record(actor=personas.counsellor, person=principal, data={
        "purpose": Consent.Purpose.REFERRAL, "recipient": orgs.authority, "form": "oral", "language": "ar"})
    with pytest.raises(ValidationError, match="consent to a disclosure to an authority"):
        create(personas, orgs, iom_case, referral_consent)
    client_services.consent_withdraw(actor=personas.counsellor, consent=consent)
    with pytest.raises(ValidationError, match="withdrawn"):
        create(personas, orgs, iom_case, consent)


def test_a_consent_of_someone_outside_the_household_is_refused(personas, orgs, iom_case):
    other_case = make_case(personas.counsellor, orgs.iom, family_name="Ahmadi", given_names="Reza")
    stranger = other_case.household.members.get().person
    consent = client_services.consent_record(actor=personas.counsellor, person=stranger, data={
        "purpose": Consent.Purpose.DISCLOSURE_TO_AUTHORITY, "recipient": orgs.authority, "form": "oral",
        "language": "fa"})
    with pytest.raises(ValidationError, match="member of the case's household"):
        create(personas, orgs, iom_case, consent)


def test_the_recipient_must_be_an_authority(personas, orgs, iom_case, consent):
    with pytest.raises(ValidationError, match="active authority"):
        create(personas, orgs, iom_case, consent, recipient=orgs.partner)


@pytest.mark.parametrize("fields,message", [([], "at least one field"), (["name", "session_summary"], "Unknown")])
def test_fields_must_come_from_the_registry(personas, orgs, iom_case, consent, fields, message):
    with pytest.raises(ValidationError, match=message):
        create(personas, orgs, iom_case, consent, fields=fields)


def test_only_visible_documents_of_the_case_can_be_disclosed(personas, orgs, iom_case, consent, make_document):
    deleted = make_document(title="Old passport")
    case_services.document_delete(actor=personas.counsellor, document=deleted, reason="Replaced")
    with pytest.raises(ValidationError, match="not deleted"):
        create(personas, orgs, iom_case, consent, documents=[deleted])
    other_case = make_case(personas.counsellor, orgs.iom, family_name="Ahmadi", given_names="Reza")
    from django.core.files.uploadedfile import SimpleUploadedFile

    foreign = case_services.document_upload(
        actor=personas.counsellor, case=other_case, person=None, document_type="passport", title="Other",
        uploaded_file=SimpleUploadedFile("p.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf"))
    with pytest.raises(ValidationError, match="not deleted"):
        create(personas, orgs, iom_case, consent, documents=[foreign])


def test_valid_until_cannot_lie_in_the_past(personas, orgs, iom_case, consent):
    with pytest.raises(ValidationError, match="past"):
        create(personas, orgs, iom_case, consent, valid_until=timezone.localdate() - timedelta(days=1))


def test_revoking_is_audited_idempotent_and_locked(personas, disclosure):
    with pytest.raises(PermissionDenied):
        services.disclosure_revoke(actor=personas.authority, disclosure=disclosure)
    with pytest.raises(ConcurrentEditError):
        services.disclosure_revoke(actor=personas.counsellor, disclosure=disclosure,
                                   expected_version=disclosure.version + 5)
    services.disclosure_revoke(actor=personas.counsellor, disclosure=disclosure)
    disclosure.refresh_from_db()
    assert disclosure.revoked_at is not None and disclosure.revoked_by == personas.counsellor
    services.disclosure_revoke(actor=personas.counsellor, disclosure=disclosure)
    assert AuditEntry.objects.filter(action="disclosure.revoked").count() == 1


def test_the_authority_confirms_once_under_locking(personas, disclosure):
    with pytest.raises(PermissionDenied):
        services.disclosure_confirm(actor=personas.counsellor, disclosure=disclosure)
    stale = Disclosure.objects.get(pk=disclosure.pk)
    services.disclosure_confirm(actor=personas.authority, disclosure=disclosure)
    assert disclosure.confirmed_by == personas.authority
    with pytest.raises(ConcurrentEditError):
        services.disclosure_confirm(actor=personas.authority, disclosure=stale)
    with pytest.raises(ValidationError, match="already been confirmed"):
        services.disclosure_confirm(actor=personas.authority, disclosure=Disclosure.objects.get(pk=disclosure.pk))
    entry = AuditEntry.objects.get(action="disclosure.confirmed")
    assert entry.actor == personas.authority and entry.case_id == disclosure.case_id


def test_questions_and_answers(personas, orgs, disclosure):
    question = services.disclosure_ask(actor=personas.authority, disclosure=disclosure, text="Passport valid?")
    assert question.organisation == orgs.authority
    answer = services.disclosure_answer(actor=personas.counsellor, disclosure=disclosure, text="Until 2030.")
    assert answer.organisation == orgs.iom
    with pytest.raises(ValidationError, match="Write the message"):
        services.disclosure_ask(actor=personas.authority, disclosure=disclosure, text="  ")
    with pytest.raises(PermissionDenied):
        services.disclosure_answer(actor=personas.hotline, disclosure=disclosure, text="x")
    assert AuditEntry.objects.filter(action__startswith="disclosure.question_").count() == 2
    assert "Passport" not in str(list(AuditEntry.objects.values_list("details", flat=True)))


def test_the_authority_can_no_longer_act_after_revocation_or_withdrawal(personas, consent, disclosure):
    services.disclosure_revoke(actor=personas.counsellor, disclosure=disclosure)
    with pytest.raises(ValidationError, match="no longer accessible"):
        services.disclosure_ask(actor=personas.authority, disclosure=disclosure, text="?")
    other = services.disclosure_create(
        actor=personas.counsellor, case=disclosure.case, consent=consent, recipient=disclosure.recipient,
        purpose=P, fields=["name"])
    client_services.consent_withdraw(actor=personas.counsellor, consent=consent)
    other.consent.refresh_from_db()
    with pytest.raises(ValidationError, match="no longer accessible"):
        services.disclosure_confirm(actor=personas.authority, disclosure=other)


def test_the_authority_records_a_gub_for_persons_of_the_disclosed_household(personas, orgs, principal, child,
                                                                            make_disclosure):
    only_principal = make_disclosure(fields=["name"])
    with pytest.raises(ValidationError, match="disclosed household"):
        services.gub_record(actor=personas.authority, disclosure=only_principal, number="G-1",
                            issued_on=date(2026, 1, 5), valid_until=date(2026, 3, 5), persons=[principal, child])
    household = make_disclosure(fields=["name", "household_members"])
    gub = services.gub_record(actor=personas.authority, disclosure=household, number="G-1",
                              issued_on=date(2026, 1, 5), valid_until=date(2026, 3, 5), persons=[principal, child])
    assert gub.issued_by == orgs.authority and gub.case == household.case and gub.recorded_by == personas.authority
    assert set(gub.persons.all()) == {principal, child}
    entry = AuditEntry.objects.get(action="border_crossing_certificate.recorded")
    assert entry.organisation_id == orgs.iom.pk and entry.case_id == household.case_id
    with pytest.raises(PermissionDenied):
        services.gub_record(actor=personas.counsellor, disclosure=household, number="", issued_on=date(2026, 1, 5),
                            valid_until=date(2026, 3, 5), persons=[principal])


def test_gub_dates_are_checked(personas, principal, disclosure):
    with pytest.raises(ValidationError, match="expire before"):
        services.gub_record(actor=personas.authority, disclosure=disclosure, number="", issued_on=date(2026, 2, 1),
                            valid_until=date(2026, 1, 1), persons=[principal])
    with pytest.raises(ValidationError, match="future"):
        tomorrow = timezone.localdate() + timedelta(days=1)
        services.gub_record(actor=personas.authority, disclosure=disclosure, number="", issued_on=tomorrow,
                            valid_until=tomorrow, persons=[principal])
    with pytest.raises(ValidationError, match="at least one person"):
        services.gub_record(actor=personas.authority, disclosure=disclosure, number="", issued_on=date(2026, 1, 1),
                            valid_until=date(2026, 2, 1), persons=[])


def test_the_counsellor_records_a_gub_from_a_paper_copy(personas, orgs, iom_case, principal, child):
    gub = services.gub_record_by_counsellor(
        actor=personas.counsellor, case=iom_case, number="P-7", issued_on=date(2026, 1, 5),
        valid_until=date(2026, 3, 5), persons=[child], issued_by=orgs.authority)
    assert gub.disclosure is None and gub.issued_by == orgs.authority
    with pytest.raises(ValidationError, match="issued by an authority"):
        services.gub_record_by_counsellor(actor=personas.counsellor, case=iom_case, number="", persons=[child],
                                          issued_on=date(2026, 1, 5), valid_until=date(2026, 3, 5),
                                          issued_by=orgs.partner)
    with pytest.raises(PermissionDenied):
        services.gub_record_by_counsellor(actor=personas.authority, case=iom_case, number="", persons=[child],
                                          issued_on=date(2026, 1, 5), valid_until=date(2026, 3, 5),
                                          issued_by=orgs.authority)
    stranger = make_case(personas.counsellor, orgs.iom, family_name="Ahmadi").household.members.get().person
    with pytest.raises(ValidationError, match="members of the case's household"):
        services.gub_record_by_counsellor(actor=personas.counsellor, case=iom_case, number="", persons=[stranger],
                                          issued_on=date(2026, 1, 5), valid_until=date(2026, 3, 5),
                                          issued_by=orgs.authority)
    assert BorderCrossingCertificate.objects.count() == 1


@pytest.fixture
def partner(personas, orgs, iom_case):
    person = client_services.person_create(actor=personas.counsellor, organisation=orgs.iom, data={
        "family_name": "Hosseini", "given_names": "Leila", "birth_date": date(1990, 1, 1)})
    client_services.household_add_member(actor=personas.counsellor, household=iom_case.household, person=person,
                                         relationship="partner")
    return person


def consent_of(personas, orgs, person):
    return client_services.consent_record(actor=personas.counsellor, person=person, data={
        "purpose": Consent.Purpose.DISCLOSURE_TO_AUTHORITY, "recipient": orgs.authority, "form": "oral",
        "language": "fa"})


def test_the_disclosure_pins_its_persons(personas, orgs, iom_case, consent, principal, child):
    only = create(personas, orgs, iom_case, consent, fields=["name"])
    household = create(personas, orgs, iom_case, consent, fields=["household_members"])
    assert set(only.persons.all()) == {principal}
    assert set(household.persons.all()) == {principal, child}
    entry = AuditEntry.objects.filter(action="disclosure.created").latest("id")
    assert sorted(entry.details["person_ids"]) == sorted([principal.pk, child.pk])


def test_one_members_consent_does_not_disclose_anothers_documents(personas, orgs, iom_case, partner,
                                                                    make_document):
    passport = make_document()  # the principal's
    with pytest.raises(ValidationError, match="another member"):
        create(personas, orgs, iom_case, consent_of(personas, orgs, partner), documents=[passport])
    assert not Disclosure.objects.exists()


def test_medical_reports_are_never_disclosed(personas, orgs, iom_case, consent, make_document):
    from apps.cases.models import DocumentType
    from apps.disclosures.selectors import disclosable_documents

    report = make_document(title="Arztbrief", document_type=DocumentType.MEDICAL_REPORT)
    with pytest.raises(ValidationError, match="Medical reports"):
        create(personas, orgs, iom_case, consent, documents=[report])
    assert report not in disclosable_documents(personas.counsellor, iom_case)


def test_a_parent_discloses_a_minors_and_case_level_documents(personas, orgs, iom_case, consent, child):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from apps.disclosures.tests.conftest import PDF

    def upload(person):
        return case_services.document_upload(
            actor=personas.counsellor, case=iom_case, person=person, document_type="passport", title="Pass",
            uploaded_file=SimpleUploadedFile("p.pdf", PDF, content_type="application/pdf"))

    kid, general = upload(child), upload(None)
    disclosure = create(personas, orgs, iom_case, consent, documents=[kid, general])
    assert set(disclosure.documents.all()) == {kid, general}
    # but the child's consent does not cover the parent's documents
    with pytest.raises(ValidationError, match="another member"):
        create(personas, orgs, iom_case, consent_of(personas, orgs, child), documents=[upload(consent.person)])


def test_the_migration_pins_persons_and_encrypts_numbers(personas, orgs, iom_case, consent, principal, child):
    import importlib
    from types import SimpleNamespace

    from django.apps import apps as django_apps
    from django.db import connection

    migration = importlib.import_module("apps.disclosures.migrations.0002_pin_persons_encrypt_number")
    disclosure = create(personas, orgs, iom_case, consent, fields=["household_members"])
    disclosure.persons.clear()
    gub = services.gub_record_by_counsellor(
        actor=personas.counsellor, case=iom_case, number="GÜB-9", issued_on=date(2026, 1, 5),
        valid_until=date(2026, 3, 5), persons=[principal], issued_by=orgs.authority)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE disclosures_bordercrossingcertificate SET number = 'GÜB-9' WHERE id = %s", [gub.pk])
    editor = SimpleNamespace(connection=connection)  # the helpers use only the connection
    migration.pin_persons(django_apps, editor)
    migration.encrypt_numbers(django_apps, editor)
    assert set(disclosure.persons.all()) == {principal, child}
    with connection.cursor() as cursor:
        cursor.execute("SELECT number FROM disclosures_bordercrossingcertificate WHERE id = %s", [gub.pk])
        assert cursor.fetchone()[0].startswith("fernet:")
    assert BorderCrossingCertificate.objects.get(pk=gub.pk).number == "GÜB-9"
