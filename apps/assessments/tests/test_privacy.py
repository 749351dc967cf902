"""assessments as a privacy source: vulnerabilities and participations of the person go (or
lose their free text), the assessment of a whole case goes, shared notes lose the names."""

import pytest
from django.utils import timezone

from apps.assessments import privacy, services
from apps.assessments.models import Assessment, AssessmentAnswer, ChildParticipation, Vulnerability
from apps.assessments.tests.factories import add_member, hear_child, principal_of, record_vulnerability
from apps.privacy.registry import ANONYMISE, ERASE, ErasureContext


@pytest.fixture(autouse=True)
def _clock(fixed_clock):
    """Periods count back from "now": a fixed moment (conftest.FIXED_MOMENT), not the day of the run."""

pytestmark = pytest.mark.django_db


def context(person, mode, *, whole=(), shared=(), names=()):
    return ErasureContext(person_id=person.pk, organisation_id=person.organisation_id, mode=mode, names=list(names),
                          whole_case_ids=set(whole), shared_case_ids=set(shared), now=timezone.now())


@pytest.fixture
def family(personas, iom_case):
    child = add_member(personas.counsellor, iom_case)
    services.assessment_create(actor=personas.counsellor, case=iom_case, answers={}, expected_latest_version=0,
                               note="Sara and her father need housing")
    record_vulnerability(personas.counsellor, iom_case, person=child, details="Sara has asthma")
    record_vulnerability(personas.counsellor, iom_case, details="Father alone with Sara")
    hear_child(personas.counsellor, iom_case, child, child_views="Sara wants to stay")
    return iom_case, principal_of(iom_case), child


def test_erasing_the_child_on_the_shared_case(family):
    case, father, child = family
    ctx = context(child, ERASE, shared={case.pk}, names=["Sara Hosseini", "Sara"])
    privacy.erase(ctx)
    assert not Vulnerability.objects.filter(person=child).exists()
    assert not ChildParticipation.objects.filter(child=child).exists()
    assert Vulnerability.objects.get(person=father).details == "Father alone with […]"
    assert Assessment.objects.get(case=case).note == "[…] and her father need housing"
    assert ctx.counts["assessments.vulnerabilities"] == 1 and ctx.counts["assessments.participations"] == 1


def test_anonymising_a_whole_case_keeps_types_and_drops_text(family):
    case, father, child = family
    for person in (father, child):
        privacy.erase(context(person, ANONYMISE, whole={case.pk}))
    vulnerability = Vulnerability.objects.get(person=child)
    assert (vulnerability.details, vulnerability.severity) == ("", "medium")
    assert str(vulnerability) != ""  # the type stays for the statistics
    assert ChildParticipation.objects.get(child=child).child_views == ""
    assert Assessment.objects.get(case=case).note == ""
    assert not AssessmentAnswer.objects.filter(assessment__case=case).exists()


def test_erasing_a_whole_case_deletes_its_assessments(personas, iom_case):
    services.assessment_create(actor=personas.counsellor, case=iom_case, answers={}, expected_latest_version=0)
    services.assessment_create(actor=personas.counsellor, case=iom_case, answers={}, expected_latest_version=1)
    privacy.erase(context(principal_of(iom_case), ERASE, whole={iom_case.pk}))
    assert not Assessment.objects.filter(case=iom_case).exists()


def test_collect_shows_the_persons_own_records_only(family):
    case, father, child = family
    child_kinds = sorted(r.kind for r in privacy.collect(child.pk))
    assert child_kinds == ["child_participation", "vulnerability"]
    father_records = privacy.collect(father.pk)
    assert sorted(r.kind for r in father_records) == ["assessment", "vulnerability"]
    assert "Sara has asthma" not in repr([r.fields for r in father_records])
