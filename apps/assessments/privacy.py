"""The personal data of assessments, vulnerabilities and children's participation as a privacy
source (apps.privacy.registry, order 60: before cases and clients, whose rows they point to).

Collect: the assessments of the person's cases when the assessment is theirs (the case is
theirs alone, or they are the household's principal, whose situation the assessment
records), the person's vulnerabilities and, for a child, how they were heard.

Erase: the person's vulnerabilities and participations go; a case that goes wholly takes its
assessments. Anonymise keeps what statistics count (vulnerability type, severity, how and
when identified, the response codes, closed; the assessment's versions and dates) and clears free text,
answers and the week of pregnancy. On a case the household keeps, the person's names leave
the notes and answers that stay.
"""

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.assessments.models import Assessment, AssessmentAnswer, ChildParticipation, Vulnerability
from apps.cases.models import Case
from apps.clients.models import HouseholdMember
from apps.privacy.registry import (
    ANONYMISE,
    ErasureContext,
    ProcessingActivity,
    SubjectRecord,
    SubjectSource,
    register_processing_activity,
    register_subject_source,
)
from apps.privacy.source_helpers import bump, fields_of, label, scrub_rows

VULNERABILITY_TEXT = ("details", "response_notes", "closed_reason")
PARTICIPATION_TEXT = ("information_given", "not_possible_reason", "child_views", "best_interests")


def _own_assessment_case_ids(person_id: int) -> set[int]:
    """Cases whose assessment is the person's: they are the principal or the only member."""
    households = HouseholdMember.objects.filter(person_id=person_id).values_list("household_id", "is_principal")
    own = {household for household, principal in households if principal}
    alone = {household for household, _principal in households
             if not HouseholdMember.objects.filter(household_id=household).exclude(person_id=person_id).exists()}
    return set(Case.objects.filter(household_id__in=own | alone).values_list("pk", flat=True))


def collect(person_id: int) -> list[SubjectRecord]:
    records = []
    for assessment in Assessment.objects.filter(case_id__in=_own_assessment_case_ids(person_id)).select_related(
            "case", "created_by").order_by("case_id", "number"):
        answers = {str(answer.question): answer.answer for answer in
                   AssessmentAnswer.objects.filter(assessment=assessment).select_related("question")}
        records.append(SubjectRecord("assessment", _("Assessment"), fields_of(assessment, (
            "number", "created_by", "created_at", "note"), more={_("Case"): assessment.case.reference, **answers}),
            at=assessment.created_at))
    for vulnerability in Vulnerability.objects.filter(person_id=person_id).select_related("case"):
        records.append(SubjectRecord("vulnerability", _("Vulnerability"), fields_of(vulnerability, (
            "identified_how", "identified_on", "severity", "pregnancy_week", "details", "response_notes",
            "closed_on", "closed_reason"), more={
            _("Case"): vulnerability.case.reference, _("Type"): str(vulnerability),
            label(Vulnerability, "response_actions"): vulnerability.response_action_labels()}),
            at=vulnerability.identified_on))
    for participation in ChildParticipation.objects.filter(child_id=person_id).select_related("case"):
        records.append(SubjectRecord("child_participation", _("Child participation"), fields_of(participation, (
            "information_given", "information_given_on", "how_heard", "not_possible_reason", "child_views",
            "best_interests", "heard_on"), more={_("Case"): participation.case.reference}), at=participation.heard_on))
    return records


def erase(ctx: ErasureContext) -> None:
    cases = ctx.whole_case_ids | ctx.shared_case_ids
    vulnerabilities = Vulnerability.objects.filter(person_id=ctx.person_id, case_id__in=cases)
    participations = ChildParticipation.objects.filter(child_id=ctx.person_id, case_id__in=cases)
    whole = Assessment.objects.filter(case_id__in=ctx.whole_case_ids)
    if ctx.mode == ANONYMISE:
        ctx.add("assessments.vulnerabilities_anonymised", vulnerabilities.update(
            pregnancy_week=None, **dict.fromkeys(VULNERABILITY_TEXT, ""),
            **bump(Vulnerability)))
        ctx.add("assessments.participations_anonymised", participations.update(
            **dict.fromkeys(PARTICIPATION_TEXT, ""), **bump(ChildParticipation)))
        ctx.add("assessments.answers", AssessmentAnswer.objects.filter(assessment__in=whole).delete()[0])
        whole.update(note="")
    else:
        ctx.add("assessments.vulnerabilities", vulnerabilities.delete()[0])
        ctx.add("assessments.participations", participations.delete()[0])
        # Versions point to their predecessors (RESTRICT): newest first.
        for assessment in whole.order_by("-number"):
            assessment.delete()
            ctx.add("assessments.assessments", 1)
    shared = Q(case_id__in=ctx.shared_case_ids)
    ctx.add("assessments.texts_scrubbed", scrub_rows(Assessment.objects.filter(shared), ctx.names, ("note",))
            + scrub_rows(AssessmentAnswer.objects.filter(assessment__case_id__in=ctx.shared_case_ids), ctx.names,
                         ("answer",))
            + scrub_rows(Vulnerability.objects.filter(shared), ctx.names, VULNERABILITY_TEXT)
            + scrub_rows(ChildParticipation.objects.filter(shared), ctx.names, PARTICIPATION_TEXT))


ACTIVITY = ProcessingActivity(
    code="assessments.vulnerabilities",
    name=gettext_lazy("Individual assessment and vulnerabilities"),
    purpose=gettext_lazy(
        "Recognising special needs (health, disability, violence, trafficking, children) so that counselling, "
        "referrals and the return itself respond to them; hearing children in a way appropriate to their age."),
    legal_basis="Art. 6 Abs. 1 lit. a, Art. 9 Abs. 2 lit. a DSGVO (ausdrückliche Einwilligung); "
                "Art. 9 Abs. 2 lit. c DSGVO (lebenswichtige Interessen) im Einzelfall",
    persons=(gettext_lazy("Clients and the members of their households, including children"),),
    data=(gettext_lazy("Answers of the individual assessment"),
          gettext_lazy("Vulnerabilities: type, severity, how identified, response"),
          gettext_lazy("Children's participation: information given, the child's views, best interests")),
    special_categories=(gettext_lazy("Health (including pregnancy and disability)"),
                        gettext_lazy("Experience of violence and trafficking"),
                        gettext_lazy("Sexual orientation and gender identity, where disclosed")),
    recipients=(gettext_lazy("None outside the counselling organisation; specialist services only through a "
                             "referral the client consented to"),),
    record_types=("cases.closed_without_return", "cases.returned"),
)


def register() -> None:
    register_subject_source(SubjectSource("assessments", gettext_lazy("Assessments and vulnerabilities"),
                                          collect, erase, order=60))
    register_processing_activity(ACTIVITY)
