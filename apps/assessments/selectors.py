"""Reads of assessments, vulnerabilities and children's participation, scoped by user.

Cases are scoped by cases.selectors.cases_visible_to(); on top of that, vulnerabilities of
a sensitive type are decided in ONE place, _sensitivity_filter(): only users holding
case.sensitive.read in the case's organisation see them (lists, badges, API, counts).
"""

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from apps.accounts.selectors import organisation_ids_with, user_has_perm
from apps.assessments.models import (
    Assessment,
    AssessmentAnswer,
    AssessmentQuestion,
    AssessmentSection,
    ChildParticipation,
    Vulnerability,
    VulnerabilityType,
)
from apps.audit.services import record
from apps.cases.models import Case
from apps.cases.selectors import cases_visible_to
from apps.clients.models import HouseholdMember, Person
from apps.clients.selectors import members_of

# --- Assessments ------------------------------------------------------------------------


def active_questions() -> QuerySet[AssessmentQuestion]:
    return AssessmentQuestion.objects.filter(is_active=True, section__is_active=True).select_related("section")


def hides_sensitive_sections(user, organisation_id: int) -> bool:
    """Answers in sensitive sections (health) follow the rule of sensitive vulnerabilities."""
    return not may_see_sensitive(user, organisation_id)


def questions_for(user, organisation_id: int) -> QuerySet[AssessmentQuestion]:
    """The active questions the user may read and answer in that organisation."""
    questions = active_questions()
    if hides_sensitive_sections(user, organisation_id):
        questions = questions.exclude(section__is_sensitive=True)
    return questions


def visible_answers(user, assessment: Assessment) -> QuerySet[AssessmentAnswer]:
    answers = assessment.answers.select_related("question")
    if hides_sensitive_sections(user, assessment.case.organisation_id):
        answers = answers.exclude(question__section__is_sensitive=True)
    return answers


def assessments_of(case: Case) -> QuerySet[Assessment]:
    """All versions of a case's assessment, newest first (the caller scoped the case)."""
    return case.assessments.select_related("created_by")


def latest_assessment(case: Case) -> Assessment | None:
    return case.assessments.select_related("created_by").order_by("-number").first()


def latest_version_number(case: Case) -> int:
    latest = case.assessments.order_by("-number").values_list("number", flat=True).first()
    return latest or 0


def assessment_for(user, pk: int, *, audit: bool = True) -> Assessment:
    assessment = get_object_or_404(
        Assessment.objects.filter(case__in=cases_visible_to(user)).select_related(
            "case", "case__organisation", "case__household", "created_by"),
        pk=pk,
    )
    if audit:
        record(user, "assessment.viewed", assessment, organisation_id=assessment.case.organisation_id)
    return assessment


def answers_by_code(user, assessment: Assessment | None) -> dict[str, str]:
    if assessment is None:
        return {}
    return {a.question.code: a.answer for a in visible_answers(user, assessment)}


@dataclass(frozen=True)
class AnswerRow:
    question: AssessmentQuestion
    answer: str
    previous: str | None  # None: there is no previous version to compare with

    @property
    def changed(self) -> bool:
        return self.previous is not None and self.previous != self.answer


@dataclass(frozen=True)
class SectionAnswers:
    section: AssessmentSection
    rows: list[AnswerRow]


def answer_sheet(user, assessment: Assessment) -> list[SectionAnswers]:
    """The answers of one version by section, each next to the previous version's answer.

    Questions answered in this or the previous version appear even if deactivated since;
    sensitive sections only for users who may read them.
    """
    hide = hides_sensitive_sections(user, assessment.case.organisation_id)
    # Both versions' answers in one query, whether or not there is a previous version.
    current: dict[str, str] = {}
    previous: dict[str, str] | None = {} if assessment.based_on_id else None
    versions = [assessment.pk, assessment.based_on_id or assessment.pk]
    answers = AssessmentAnswer.objects.filter(assessment_id__in=versions)
    if hide:
        answers = answers.exclude(question__section__is_sensitive=True)
    for answer in answers.select_related("question"):
        target = current if answer.assessment_id == assessment.pk else previous
        target[answer.question.code] = answer.answer
    codes = set(current) | set(previous or {})
    questions = AssessmentQuestion.objects.filter(Q(code__in=codes) | Q(is_active=True, section__is_active=True))
    if hide:
        questions = questions.exclude(section__is_sensitive=True)
    sections: dict[int, SectionAnswers] = {}
    for question in questions.select_related("section").order_by("section__sort_order", "section__code",
                                                                 "sort_order", "code"):
        rows = sections.setdefault(question.section_id, SectionAnswers(question.section, [])).rows
        rows.append(AnswerRow(question, current.get(question.code, ""),
                              None if previous is None else previous.get(question.code, "")))
    return list(sections.values())


# --- Vulnerabilities --------------------------------------------------------------------


def _sensitivity_filter(user) -> Q:
    """Sensitive types only where the user holds case.sensitive.read (the one rule)."""
    return Q(sensitive=False) | Q(case__organisation_id__in=organisation_ids_with(user, "case.sensitive.read"))


def may_see_sensitive(user, organisation_id: int) -> bool:
    return user_has_perm(user, "case.sensitive.read", organisation_id)


def vulnerabilities_visible_to(user) -> QuerySet[Vulnerability]:
    return Vulnerability.objects.filter(case__in=cases_visible_to(user)).filter(_sensitivity_filter(user))


def vulnerabilities_of(user, case: Case) -> QuerySet[Vulnerability]:
    """The vulnerabilities of a case (already scoped by the caller) the user may see."""
    return (Vulnerability.objects.filter(case=case).filter(_sensitivity_filter(user))
            .select_related("person", "recorded_by"))


def vulnerability_for(user, pk: int, *, audit: bool = True) -> Vulnerability:
    vulnerability = get_object_or_404(
        vulnerabilities_visible_to(user).select_related("case", "case__organisation", "case__household",
                                                        "person"),
        pk=pk,
    )
    if audit:
        record(user, "vulnerability.viewed", vulnerability, organisation_id=vulnerability.case.organisation_id)
    return vulnerability


def vulnerability_types_for(user, organisation_id: int, *, include: VulnerabilityType | None = None
                            ) -> QuerySet[VulnerabilityType]:
    """Active types the user may record in that organisation (plus `include`, the current one)."""
    types = VulnerabilityType.objects.filter(is_active=True)
    if not may_see_sensitive(user, organisation_id):
        types = types.filter(is_sensitive=False)
    if include is not None:
        types = types | VulnerabilityType.objects.filter(pk=include.pk)
    return types.order_by("sort_order", "code")


def open_vulnerability_badges(user, case: Case) -> dict[int, list[dict]]:
    """Person badge provider (core.registry): open, visible vulnerabilities; one query."""
    badges: dict[int, list[dict]] = {}
    rows = list(vulnerabilities_of(user, case).filter(closed_on__isnull=True).select_related(None))
    # The type is encrypted: ordered here, after the queryset attached the types.
    rows.sort(key=lambda v: (v.type.sort_order, v.type.code) if v.type else (0, ""))
    for vulnerability in rows:
        person_badges = badges.setdefault(vulnerability.person_id, [])
        label = str(vulnerability.type)
        if all(b["label"] != label for b in person_badges):
            # The code lets other apps act on a badge (the eligibility check ticks trafficking).
            person_badges.append({"label": label, "code": vulnerability.type.code,
                                  "css": "sensitive" if vulnerability.type.is_sensitive else "warning"})
    return badges


# --- Children's participation -----------------------------------------------------------


def is_child(member: HouseholdMember) -> bool:
    """Under 18 by date of birth; a member related as "child" without a usable date counts too."""
    age = member.person.age
    if age is not None:
        return age < 18
    return member.relationship == HouseholdMember.Relationship.CHILD


def children_of(case: Case) -> list[Person]:
    return [m.person for m in members_of(case.household) if is_child(m)]


def participations_of(case: Case) -> QuerySet[ChildParticipation]:
    return case.child_participations.select_related("child", "recorded_by")


def participation_for(user, pk: int, *, audit: bool = True) -> ChildParticipation:
    participation = get_object_or_404(
        ChildParticipation.objects.filter(case__in=cases_visible_to(user)).select_related(
            "case", "case__organisation", "case__household", "child"),
        pk=pk,
    )
    if audit:
        record(user, "child_participation.viewed", participation,
               organisation_id=participation.case.organisation_id, person_id=participation.child_id)
    return participation


def children_without_participation(case: Case) -> list[Person]:
    """Children of the household without a complete participation record in this case."""
    heard = {p.child_id for p in case.child_participations.all() if p.is_complete}
    return [child for child in children_of(case) if child.pk not in heard]


def child_participation_complete(case: Case) -> bool:
    """True when every child of the household has been heard (or why not is recorded), or
    when there are no children. The programme application checks this before moving on."""
    return not children_without_participation(case)


@dataclass(frozen=True)
class ChildState:
    child: Person
    records: list[ChildParticipation]

    @property
    def heard(self) -> bool:
        return any(r.is_complete for r in self.records)


def children_states(case: Case) -> list[ChildState]:
    records = list(participations_of(case))
    return [ChildState(child, [r for r in records if r.child_id == child.pk]) for child in children_of(case)]


# --- Taxonomy (administration) ------------------------------------------------------------


def sections_for_admin() -> QuerySet[AssessmentSection]:
    return AssessmentSection.objects.order_by("sort_order", "code")


def questions_for_admin() -> QuerySet[AssessmentQuestion]:
    return AssessmentQuestion.objects.select_related("section").order_by(
        "section__sort_order", "section__code", "sort_order", "code")


def types_for_admin() -> QuerySet[VulnerabilityType]:
    return VulnerabilityType.objects.order_by("sort_order", "code")


def question_has_answers(question: AssessmentQuestion) -> bool:
    return question.answers.exists()
