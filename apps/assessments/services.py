"""Writes for assessments, vulnerabilities, children's participation and their lists.

Each write validates, saves and audits in one transaction. Audit details name fields and
codes, never the texts (they are personal data and encrypted at rest) nor a sensitive
vulnerability type (only that the type is sensitive).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from apps.accounts.selectors import ensure_perm
from apps.assessments import selectors
from apps.assessments.models import (
    Assessment,
    AssessmentAnswer,
    AssessmentQuestion,
    AssessmentSection,
    ChildParticipation,
    HowHeard,
    ResponseAction,
    Vulnerability,
    VulnerabilityType,
)
from apps.audit.services import record
from apps.cases.models import Case
from apps.core.errors import ConcurrentEditError
from apps.core.locking import claim_version
from apps.core.services import apply_changes

YES_NO = {"yes", "no"}

# --- Assessments ------------------------------------------------------------------------


def _clean_answers(actor, case: Case, answers: dict) -> dict[AssessmentQuestion, str]:
    """{question code: text} → {question: text}; empty answers are left out.

    A user who may not read sensitive sections cannot answer them either (unknown codes)."""
    given = {code: (text or "").strip() for code, text in answers.items()}
    allowed = selectors.questions_for(actor, case.organisation_id)
    questions = {q.code: q for q in allowed.filter(code__in=list(given))}
    unknown = sorted(set(given) - set(questions))
    if unknown:
        raise ValidationError(_("Unknown or inactive questions: %(codes)s") % {"codes": ", ".join(unknown)})
    cleaned = {}
    for code, text in given.items():
        if not text:
            continue
        question = questions[code]
        if question.kind == AssessmentQuestion.Kind.YES_NO and text not in YES_NO:
            raise ValidationError({code: _("Answer “yes” or “no”.")})
        cleaned[question] = text
    return cleaned


@transaction.atomic
def assessment_create(*, actor, case: Case, answers: dict, expected_latest_version: int,
                      note: str = "") -> Assessment:
    """Version n+1 of the case's assessment; earlier versions stay exactly as they were.

    `expected_latest_version` is the version the user's input was based on (0: none yet);
    when someone else has saved a newer one meanwhile, ConcurrentEditError.
    """
    ensure_perm(actor, "case.write", case.organisation_id)
    cleaned = _clean_answers(actor, case, answers)
    # Lock the case row so that two versions cannot be numbered alike (PostgreSQL); on
    # SQLite writes are serialised and the unique constraint is the last line.
    Case.objects.select_for_update().filter(pk=case.pk).first()
    latest = case.assessments.order_by("-number").first()
    if (latest.number if latest else 0) != expected_latest_version:
        raise ConcurrentEditError()
    try:
        with transaction.atomic():
            assessment = Assessment.objects.create(case=case, number=expected_latest_version + 1, based_on=latest,
                                                   created_by=actor, note=note)
    except IntegrityError as error:
        raise ConcurrentEditError() from error
    if latest is not None and selectors.hides_sensitive_sections(actor, case.organisation_id):
        # Answers the author could not see carry over unchanged, so the new version is complete.
        for answer in latest.answers.filter(question__section__is_sensitive=True).select_related("question"):
            cleaned[answer.question] = answer.answer
    AssessmentAnswer.objects.bulk_create(
        AssessmentAnswer(assessment=assessment, question=question, answer=text)
        for question, text in cleaned.items())
    # Which health question was answered already says something: sensitive sections are counted only.
    record(actor, "assessment.created", assessment, organisation_id=case.organisation_id, details={
        "version": assessment.number,
        "questions": sorted(q.code for q in cleaned if not q.section.is_sensitive),
        "sensitive_answers": sum(1 for q in cleaned if q.section.is_sensitive),
    })
    return assessment


# --- Vulnerabilities --------------------------------------------------------------------

VULNERABILITY_FIELDS = ("person", "type", "identified_how", "identified_on", "severity", "pregnancy_week",
                        "details", "response_actions", "response_notes", "closed_on", "closed_reason")


def _check_member(case: Case, person, field: str) -> None:
    if person is None or not case.household.members.filter(person_id=person.pk).exists():
        raise ValidationError({field: _("The person must be a member of the case's household.")})


def _check_vulnerability(actor, vulnerability: Vulnerability) -> None:
    case = vulnerability.case
    _check_member(case, vulnerability.person, "person")
    vtype = vulnerability.type
    if vtype.is_sensitive and not selectors.may_see_sensitive(actor, case.organisation_id):
        # Whoever may not read a type may not record it either (it would vanish for them).
        raise PermissionDenied("case.sensitive.read")
    week = vulnerability.pregnancy_week
    if vtype.asks_pregnancy_week:
        if week is None or not 1 <= week <= 45:
            raise ValidationError({"pregnancy_week": _("Give the week of pregnancy (1 to 45).")})
    elif week is not None:
        raise ValidationError({"pregnancy_week": _("Only a pregnancy has a week of pregnancy.")})
    unknown = set(vulnerability.response_actions) - set(ResponseAction.values)
    if not isinstance(vulnerability.response_actions, list) or unknown:
        raise ValidationError({"response_actions": _("Unknown response.")})
    if vulnerability.closed_on and vulnerability.closed_on < vulnerability.identified_on:
        raise ValidationError({"closed_on": _("A vulnerability cannot be closed before it was identified.")})
    vulnerability.full_clean(exclude=["case", "person", "type_code", "recorded_by", "response_actions"])


def _type_detail(vtype: VulnerabilityType) -> dict:
    """The type for audit details. A sensitive type is itself special-category data about the
    person, and audit readers (data-protection officers) need not hold case.sensitive.read."""
    return {"sensitive": True} if vtype.is_sensitive else {"type": vtype.code}


@transaction.atomic
def vulnerability_record(*, actor, case: Case, data: dict) -> Vulnerability:
    ensure_perm(actor, "case.write", case.organisation_id)
    vulnerability = Vulnerability(case=case, recorded_by=actor,
                                  **{k: v for k, v in data.items() if k in VULNERABILITY_FIELDS})
    if vulnerability.type is None:
        raise ValidationError({"type": _("Choose a type.")})
    _check_vulnerability(actor, vulnerability)
    vulnerability.save()
    record(actor, "vulnerability.recorded", vulnerability, organisation_id=case.organisation_id,
           details=_type_detail(vulnerability.type))
    return vulnerability


@transaction.atomic
def vulnerability_update(*, actor, vulnerability: Vulnerability, expected_version: int, data: dict,
                         action: str = "vulnerability.updated") -> Vulnerability:
    case = vulnerability.case
    ensure_perm(actor, "case.write", case.organisation_id)
    if vulnerability.type.is_sensitive and not selectors.may_see_sensitive(actor, case.organisation_id):
        raise PermissionDenied("case.sensitive.read")
    changes = apply_changes(vulnerability, data, VULNERABILITY_FIELDS)
    if not vulnerability.closed_on:
        vulnerability.closed_reason = ""
    _check_vulnerability(actor, vulnerability)
    claim_version(vulnerability, expected_version)
    vulnerability.save()
    record(actor, action, vulnerability, organisation_id=case.organisation_id,
           details={"fields": sorted(changes), **_type_detail(vulnerability.type)})
    return vulnerability


def vulnerability_close(*, actor, vulnerability: Vulnerability, expected_version: int, closed_on,
                        closed_reason: str = "") -> Vulnerability:
    """Close an identified vulnerability (it stays on record, the badge disappears)."""
    if not closed_on:
        raise ValidationError({"closed_on": _("Give the date on which the vulnerability was closed.")})
    return vulnerability_update(actor=actor, vulnerability=vulnerability, expected_version=expected_version,
                                data={"closed_on": closed_on, "closed_reason": closed_reason},
                                action="vulnerability.closed")


# --- Children's participation -----------------------------------------------------------

PARTICIPATION_FIELDS = ("child", "information_given", "information_given_on", "how_heard",
                        "not_possible_reason", "child_views", "best_interests", "heard_on")


def _check_participation(participation: ChildParticipation) -> None:
    case = participation.case
    child = participation.child
    member = case.household.members.select_related("person").filter(person_id=getattr(child, "pk", None)).first()
    if member is None or not selectors.is_child(member):
        raise ValidationError({"child": _("Choose a child (under 18) of the case's household.")})
    errors = {}
    if participation.how_heard == HowHeard.NOT_POSSIBLE:
        if not participation.not_possible_reason.strip():
            errors["not_possible_reason"] = _("Say why hearing the child was not possible.")
    else:
        participation.not_possible_reason = ""
        if not participation.child_views.strip():
            errors["child_views"] = _("Record the child's views in the child's own words.")
    if not participation.best_interests.strip():
        errors["best_interests"] = _("Record the best-interests considerations.")
    if errors:
        raise ValidationError(errors)
    participation.full_clean(exclude=["case", "child", "recorded_by"])


@transaction.atomic
def participation_record(*, actor, case: Case, data: dict) -> ChildParticipation:
    ensure_perm(actor, "case.write", case.organisation_id)
    participation = ChildParticipation(case=case, recorded_by=actor,
                                       **{k: v for k, v in data.items() if k in PARTICIPATION_FIELDS})
    _check_participation(participation)
    participation.save()
    record(actor, "child_participation.recorded", participation, organisation_id=case.organisation_id,
           person_id=participation.child_id, details={"how_heard": participation.how_heard})
    return participation


@transaction.atomic
def participation_update(*, actor, participation: ChildParticipation, expected_version: int,
                         data: dict) -> ChildParticipation:
    case = participation.case
    ensure_perm(actor, "case.write", case.organisation_id)
    changes = apply_changes(participation, data, PARTICIPATION_FIELDS)
    _check_participation(participation)
    claim_version(participation, expected_version)
    participation.save()
    record(actor, "child_participation.updated", participation, organisation_id=case.organisation_id,
           person_id=participation.child_id, details={"fields": sorted(changes)})
    return participation


# --- Lists (taxonomy.manage) ------------------------------------------------------------

SECTION_FIELDS = ("code", "name", "name_en", "sort_order", "is_active")
QUESTION_FIELDS = ("section", "code", "text", "text_en", "help_text", "kind", "sort_order", "is_active")
TYPE_FIELDS = ("code", "name", "name_en", "group", "is_sensitive", "asks_pregnancy_week", "sort_order",
               "is_active")


def _taxonomy_save(actor, model, instance, data: dict, fields: tuple[str, ...], action: str):
    """Create (instance None) or change a list entry; a code never changes once created."""
    ensure_perm_anywhere(actor, "taxonomy.manage")
    if instance is None:
        instance = model()
    elif "code" in data and data["code"] != instance.code:
        raise ValidationError({"code": _("The code of an entry cannot be changed.")})
    changes = apply_changes(instance, data, fields)
    instance.full_clean()
    created = instance.pk is None
    instance.save()
    record(actor, f"{action}.{'created' if created else 'updated'}", instance,
           details={"code": instance.code, "fields": sorted(changes)})
    return instance


def ensure_perm_anywhere(actor, permission: str) -> None:
    """Network-wide lists belong to no organisation: the permission anywhere suffices."""
    from apps.accounts.selectors import user_has_perm

    if not user_has_perm(actor, permission):
        raise PermissionDenied(permission)


@transaction.atomic
def section_save(*, actor, section: AssessmentSection | None = None, data: dict) -> AssessmentSection:
    return _taxonomy_save(actor, AssessmentSection, section, data, SECTION_FIELDS, "assessment_section")


@transaction.atomic
def question_save(*, actor, question: AssessmentQuestion | None = None, data: dict) -> AssessmentQuestion:
    if question is not None and "kind" in data and data["kind"] != question.kind \
            and selectors.question_has_answers(question):
        raise ValidationError({"kind": _("The kind of answer cannot change once the question has answers.")})
    return _taxonomy_save(actor, AssessmentQuestion, question, data, QUESTION_FIELDS, "assessment_question")


@transaction.atomic
def question_delete(*, actor, question: AssessmentQuestion) -> None:
    """Delete a question nobody has answered yet; answered questions can only be deactivated."""
    ensure_perm_anywhere(actor, "taxonomy.manage")
    if selectors.question_has_answers(question):
        raise ValidationError(_("This question has answers and cannot be deleted; deactivate it instead."))
    record(actor, "assessment_question.deleted", question, details={"code": question.code})
    question.delete()


@transaction.atomic
def vulnerability_type_save(*, actor, vulnerability_type: VulnerabilityType | None = None,
                            data: dict) -> VulnerabilityType:
    was_sensitive = vulnerability_type.is_sensitive if vulnerability_type is not None else None
    saved = _taxonomy_save(actor, VulnerabilityType, vulnerability_type, data, TYPE_FIELDS, "vulnerability_type")
    if was_sensitive is not None and saved.is_sensitive != was_sensitive:
        _resync_sensitive(saved)
    return saved


def _resync_sensitive(vtype: VulnerabilityType) -> None:
    """The readable `sensitive` flag of the vulnerabilities of a type whose flag changed. The
    type is encrypted, so every code is decrypted to find them (a rare administrator's edit)."""
    ids = [pk for pk, code in Vulnerability.objects.values_list("pk", "type_code").iterator(chunk_size=2000)
           if code == vtype.code]
    for start in range(0, len(ids), 500):
        Vulnerability.objects.filter(pk__in=ids[start:start + 500]).update(sensitive=vtype.is_sensitive)
