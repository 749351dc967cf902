"""Two records of one human, each with rows in several apps, and the pair that links them.

A ("Mohammad Hosseini", case 1) and B ("Mohammad Husseini", case 2): B has a consent, a
document, a vulnerability, a referral and an appointment; both speak Dari (a unique
constraint clash), both took part in one counselling session (another), and A is also a
member of B's household (a third: the same household).
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.appointments.models import Appointment
from apps.appointments.tests.factories import make_day, make_location
from apps.assessments.models import Vulnerability
from apps.cases.models import CounsellingSession, Document
from apps.clients import services as client_services
from apps.clients.models import Consent, Person
from apps.duplicates import merge
from apps.duplicates.models import DuplicatePair
from apps.referrals.models import Service
from tests.factories import make_case


def make_pair(a: Person, b: Person, score: int = 110) -> DuplicatePair:
    a, b = sorted((a, b), key=lambda p: p.pk)
    return DuplicatePair.objects.create(organisation_id=a.organisation_id, person_a=a, person_b=b,
                                        version_a=a.version, version_b=b.version, score=score,
                                        reasons=["name", "birth_date"], name_similarity=0.9)


def rows_of(*person_ids) -> dict:
    """Every row of every table that points at the persons, with all its columns: what a
    merge and its undo must leave exactly as it was."""
    state = {}
    for link in merge.links():
        for row in link.model._default_manager.filter(**{f"{link.field.attname}__in": person_ids}):
            state[(link.label, row.pk)] = {f.attname: f.value_from_object(row) for f in row._meta.concrete_fields}
    return state


@pytest.fixture
def world(personas, orgs):
    counsellor = personas.counsellor
    case_a = make_case(counsellor, orgs.iom, office=personas.trier)
    case_b = make_case(counsellor, orgs.iom, family_name="Husseini", office=personas.trier)
    a = case_a.household.members.get().person
    b = case_b.household.members.get().person
    client_services.household_add_member(actor=counsellor, household=case_b.household, person=a,
                                         relationship="partner")
    client_services.consent_record(actor=counsellor, person=b, data={
        "purpose": Consent.Purpose.COUNSELLING, "form": "oral", "language": "fa"})
    session = CounsellingSession.objects.create(case=case_b, counsellor=counsellor, channel="office", language="fa")
    session.participants.set([a, b])
    Document.objects.create(organisation=orgs.iom, case=case_b, person=b, document_type="passport",
                            title="Pass", file="documents/x.bin", content_type="application/pdf", size=1,
                            sha256="0" * 64, uploaded_by=counsellor)
    Vulnerability.objects.create(case=case_b, person=b, type_code="medical", identified_how="self_reported",
                                 severity="medium", recorded_by=counsellor)
    service = Service.objects.create(provider=orgs.partner, name="Rechtsberatung (fiktiv)")
    from apps.referrals.models import Referral

    Referral.objects.create(case=case_b, service=service, person=b, reason="Beratung", created_by=counsellor)
    day = make_day(make_location(orgs.iom), counsellor, on=timezone.localdate() + timedelta(days=7))
    Appointment.objects.create(slot=day.slots.first(), day=day, organisation=orgs.iom, person=b, language="fa",
                               channel="staff", confirmation_code="ABC123", manage_token_hash="1" * 64)
    a.refresh_from_db()
    b.refresh_from_db()
    return type("World", (), {"a": a, "b": b, "case_a": case_a, "case_b": case_b, "session": session,
                              "pair": make_pair(a, b)})
