"""Assessments, vulnerabilities and children's participation as the API shows and accepts them."""

from datetime import date, datetime
from typing import Annotated

from ninja import Schema
from pydantic import Field

from apps.api.schemas.common import Code, Id, InputSchema, SaneDate, Version, attribute, text
from apps.assessments.models import (
    AssessmentQuestion,
    HowHeard,
    IdentifiedHow,
    ResponseAction,
    Severity,
    VulnerabilityType,
)

ShortText = text(300)


class VulnerabilityTypeOut(Schema):
    id: int
    code: str
    name: str
    name_en: str
    group: VulnerabilityType.Group
    is_sensitive: bool
    asks_pregnancy_week: bool
    sort_order: int
    is_active: bool


class AssessmentQuestionOut(Schema):
    id: int
    code: str
    section_code: str
    section_name: str
    section_name_en: str
    text: str
    text_en: str
    help_text: str
    kind: AssessmentQuestion.Kind
    sort_order: int
    is_active: bool

    resolve_section_code = attribute("section.code")
    resolve_section_name = attribute("section.name")
    resolve_section_name_en = attribute("section.name_en")


class AssessmentOut(Schema):
    id: int
    case_id: int
    version: int
    based_on_id: int | None
    created_by_id: int
    created_at: datetime

    @staticmethod
    def resolve_version(obj) -> int:
        return obj.number


class AnswerOut(Schema):
    question_code: str
    answer: str


class AssessmentDetailOut(AssessmentOut):
    note: str
    answers: list[AnswerOut]

    @staticmethod
    def resolve_answers(obj, context) -> list[dict]:
        from apps.assessments.selectors import visible_answers

        answers = visible_answers(context["request"].auth, obj).order_by("question__code")
        return [{"question_code": a.question.code, "answer": a.answer} for a in answers]


class AssessmentCreateIn(InputSchema):
    expected_latest_version: Annotated[int, Field(
        ge=0, le=2**31 - 1,
        description="The latest version you based your answers on (0: none yet); a stale one gives 409.")]
    answers: Annotated[dict[Code, text(20_000)], Field(max_length=200)] = Field(
        default_factory=dict, description="Question code → answer; yes/no questions take 'yes' or 'no'.")
    note: text(5000) = ""


class VulnerabilityOut(Schema):
    id: int
    case_id: int
    person_id: int
    type_code: str
    is_sensitive: bool
    identified_how: IdentifiedHow
    identified_on: date
    severity: Severity
    pregnancy_week: int | None
    response_actions: list[ResponseAction]
    closed_on: date | None
    closed_reason: str
    recorded_by_id: int
    version: int

    resolve_type_code = attribute("type_code")
    resolve_is_sensitive = attribute("sensitive")


class VulnerabilityDetailOut(VulnerabilityOut):
    details: str
    response_notes: str


class VulnerabilityFields(InputSchema):
    person_id: Id = None
    type_code: Code = None
    identified_how: IdentifiedHow = None
    identified_on: SaneDate = None
    severity: Severity = None
    pregnancy_week: Annotated[int, Field(ge=1, le=45)] | None = None
    details: text(20_000) = None
    response_actions: Annotated[list[ResponseAction], Field(max_length=10)] = None
    response_notes: text(20_000) = None


class VulnerabilityCreateIn(VulnerabilityFields):
    person_id: Id
    type_code: Code
    identified_how: IdentifiedHow
    severity: Severity


class VulnerabilityPatchIn(VulnerabilityFields):
    version: Version
    closed_on: SaneDate | None = None
    closed_reason: ShortText = None


class ChildParticipationOut(Schema):
    id: int
    case_id: int
    child_id: int
    information_given: str
    information_given_on: date | None
    how_heard: HowHeard
    not_possible_reason: str
    child_views: str
    best_interests: str
    heard_on: date
    complete: bool
    recorded_by_id: int
    version: int

    @staticmethod
    def resolve_complete(obj) -> bool:
        return obj.is_complete


class ChildParticipationCreateIn(InputSchema):
    child_id: Id
    how_heard: HowHeard
    information_given: text(20_000) = ""
    information_given_on: SaneDate | None = None
    not_possible_reason: ShortText = ""
    child_views: text(20_000) = ""
    best_interests: text(20_000, required=True)
    heard_on: SaneDate | None = None
