"""A family case (two adults, one child) and a programme version for the application tests."""

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from apps.applications import services
from apps.applications.models import AsylumProcedures, SecondParentConsent
from apps.assessments import services as assessment_services
from apps.clients import services as client_services
from apps.clients.models import Consent
from apps.disclosures.models import BorderCrossingCertificate
from apps.programmes.models import Programme, ProgrammeVersion
from tests.factories import make_person


def make_version(code="test-reag", label="2025 (test)", **kwargs) -> ProgrammeVersion:
    programme, _ = Programme.objects.get_or_create(code=code, defaults={"name": "REAG/GARP 2.0 (Test)"})
    kwargs.setdefault("valid_from", date(2025, 1, 1))
    return ProgrammeVersion.objects.create(programme=programme, label=label, **kwargs)


@pytest.fixture
def programme_version(db):
    return make_version(unverified=["starthilfe.family_cap"])


@pytest.fixture
def family(personas, orgs, iom_case):
    """The IOM case's household: principal, partner and a child of eight."""
    principal = iom_case.household.members.get().person
    partner = make_person(personas.counsellor, orgs.iom, "Hosseini", "Zahra")
    child = make_person(personas.counsellor, orgs.iom, "Hosseini", "Sara",
                        birth_date=timezone.localdate() - timedelta(days=8 * 365))
    client_services.household_add_member(actor=personas.counsellor, household=iom_case.household,
                                         person=partner, relationship="partner")
    client_services.household_add_member(actor=personas.counsellor, household=iom_case.household,
                                         person=child, relationship="child")
    return SimpleNamespace(case=iom_case, principal=principal, partner=partner, child=child,
                           adults=[principal, partner], members=[principal, partner, child])


@pytest.fixture
def application(personas, family, programme_version):
    return services.application_create(actor=personas.counsellor, case=family.case,
                                       programme_version=programme_version, members=family.members)


def complete_checklist(actor, application, family) -> None:
    """Everything the checklist asks for before `ready`."""
    today = timezone.localdate()
    for person in family.adults:
        client_services.consent_record(actor=actor, person=person, data={
            "purpose": Consent.Purpose.DISCLOSURE_TO_AUTHORITY, "form": "written", "language": "fa"})
        services.declaration_record(actor=actor, application=application, person=person, signed_on=today)
    for person in family.members:
        services.travel_document_record(actor=actor, application=application, person=person, kind="passport",
                                        expires_on=today + timedelta(days=400))
    application.refresh_from_db()
    services.application_update(actor=actor, application=application, expected_version=application.version, data={
        "asylum_procedures": AsylumProcedures.NONE_PENDING,
        "second_parent_consent": SecondParentConsent.NOT_REQUIRED})
    assessment_services.participation_record(actor=actor, case=family.case, data={
        "child": family.child, "information_given": "Kindgerecht erklärt.", "how_heard": "with_parent",
        "child_views": "Sara freut sich auf die Großeltern.", "best_interests": "Schule vor Ort gesichert."})
    application.refresh_from_db()


def record_gub(authority_org, actor, case, persons, *, valid_until=None) -> BorderCrossingCertificate:
    today = timezone.localdate()
    certificate = BorderCrossingCertificate.objects.create(
        case=case, number="GÜB-1", issued_on=today, valid_until=valid_until or today + timedelta(days=60),
        issued_by=authority_org, recorded_by=actor)
    certificate.persons.set(persons)
    return certificate


def advance(actor, application, to_status, **data):
    application.refresh_from_db()
    return services.application_transition(actor=actor, application=application, to_status=to_status,
                                           expected_version=application.version, data=data)
