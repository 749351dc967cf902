"""Fixtures of the disclosures tests: the IOM case's family (principal with a date of birth,
a BAMF file number and a residence status; a child), the principal's consent to a disclosure
to the Ausländerbehörde Trier, a passport scan and a disclosure of name and nationalities."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.cases import services as case_services
from apps.cases.models import DocumentType
from apps.clients import services as client_services
from apps.clients.models import Consent, Person
from apps.disclosures import services
from apps.disclosures.models import DisclosurePurpose

PDF = b"%PDF-1.4\n% MUSTER - fiktives Dokument\n%%EOF\n"


@pytest.fixture
def principal(iom_case):
    person = iom_case.household.members.get(is_principal=True).person
    Person.objects.filter(pk=person.pk).update(
        birth_date=date(1988, 3, 14), nationalities=["IQ"], bamf_file_number="7654321-438",
        residence_status=Person.ResidenceStatus.TOLERATION, residence_valid_until=date(2027, 1, 31),
        street="Musterstraße 1", postcode="54290", city="Trier", phone="+49 651 1234567")
    iom_case.intended_return_country = "IQ"
    iom_case.save(update_fields=["intended_return_country"])
    person.refresh_from_db()
    return person


@pytest.fixture
def child(personas, orgs, iom_case):
    person = client_services.person_create(actor=personas.counsellor, organisation=orgs.iom, data={
        "family_name": "Hosseini", "given_names": "Sara", "birth_date": date(2016, 5, 2)})
    client_services.household_add_member(actor=personas.counsellor, household=iom_case.household, person=person,
                                         relationship="child")
    return person


@pytest.fixture
def consent(personas, orgs, principal):
    return client_services.consent_record(actor=personas.counsellor, person=principal, data={
        "purpose": Consent.Purpose.DISCLOSURE_TO_AUTHORITY, "recipient": orgs.authority, "form": "written",
        "language": "ar"})


@pytest.fixture
def make_document(personas, iom_case, principal):
    def make(title="Fictitious passport", document_type=DocumentType.PASSPORT):
        return case_services.document_upload(
            actor=personas.counsellor, case=iom_case, person=principal, document_type=document_type, title=title,
            uploaded_file=SimpleUploadedFile("passport.pdf", PDF, content_type="application/pdf"))
    return make


@pytest.fixture
def make_disclosure(personas, orgs, iom_case, consent):
    def make(fields=("name", "nationalities"), documents=(), **extra):
        return services.disclosure_create(
            actor=personas.counsellor, case=iom_case, consent=consent, recipient=orgs.authority,
            purpose=DisclosurePurpose.BORDER_CROSSING_CERTIFICATE, fields=list(fields), documents=documents, **extra)
    return make


@pytest.fixture
def disclosure(make_disclosure):
    return make_disclosure()


def login(client, user):
    client.force_login(type(user).objects.get(pk=user.pk))
    return client
