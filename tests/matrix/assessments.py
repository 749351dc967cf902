"""Objects of this app for the authorisation matrix (see tests/test_authorisation_matrix.py)."""

from apps.assessments import services
from apps.assessments.defaults import ensure_default_taxonomy
from apps.assessments.models import AssessmentQuestion, AssessmentSection, VulnerabilityType
from tests.test_authorisation_matrix import Scope, Target


def extend(world) -> Scope:
    ensure_default_taxonomy()
    iom, counsellor = world.orgs.iom, world.personas.counsellor
    assessment = services.assessment_create(actor=counsellor, case=world.case, expected_latest_version=0,
                                            answers={"wishes": "Fictitious answer"})
    # Not a sensitive type: hotline agents (case.read without case.sensitive.read) see it.
    vulnerability = services.vulnerability_record(actor=counsellor, case=world.case, data={
        "person": world.person, "type": VulnerabilityType.objects.get(code="single_parent"),
        "identified_how": "self_disclosed", "severity": "medium"})
    participation = services.participation_record(actor=counsellor, case=world.case, data={
        "child": world.member.person, "how_heard": "with_parent", "child_views": "Fictitious views",
        "best_interests": "Fictitious considerations"})
    # Network-wide lists: network administrators hold taxonomy.manage in IOM.
    taxonomy = "taxonomy.manage"
    # The answered question: deleting it is refused (a redirect), so later routes still find it.
    section, question = AssessmentSection.objects.first(), AssessmentQuestion.objects.get(code="wishes")
    return Scope(
        prefixes={
            "assessments/": Target(assessment, iom),
            "vulnerabilities/": Target(vulnerability, iom),
            "child-participation/": Target(participation, iom),
            "taxonomy/assessment-sections/": Target(section, iom, read=taxonomy, write=taxonomy),
            "taxonomy/assessment-questions/": Target(question, iom, read=taxonomy, write=taxonomy),
            "taxonomy/vulnerability-types/": Target(VulnerabilityType.objects.first(), iom, read=taxonomy,
                                                    write=taxonomy),
        },
        api_ids={"assessment_id": Target(assessment, iom), "vulnerability_id": Target(vulnerability, iom)},
    )
