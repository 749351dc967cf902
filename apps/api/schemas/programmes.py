"""Programme versions and the eligibility check as the API shows and accepts them."""

from datetime import date
from typing import Annotated, Literal

from ninja import Schema
from pydantic import Field

from apps.api.schemas.common import CountryCode, InputSchema, SaneDate, attribute
from apps.clients.models import Person
from apps.programmes.rules import CIRCUMSTANCES

Circumstance = Literal[tuple(CIRCUMSTANCES)]  # type: ignore[valid-type]
Decision = Literal["eligible", "not_eligible", "needs_checking"]


class ProgrammeVersionOut(Schema):
    id: int
    programme_code: str
    programme_name: str
    operator: str
    requires: str | None = Field(None, description="Code of the programme this one supplements.")
    label: str
    valid_from: date
    valid_to: date | None
    source_url: str
    source_note: str
    verified_on: date | None
    verified_by: str
    rules: dict = Field(description="The rule set; schema in apps/programmes/rules.py.")
    unverified: list[str] = Field(description="Rule keys whose values no source confirms.")
    version: int

    resolve_programme_code = attribute("programme.code")
    resolve_programme_name = attribute("programme.name")
    resolve_operator = attribute("programme.operator")

    @staticmethod
    def resolve_requires(obj) -> str | None:
        return obj.programme.requires.code if obj.programme.requires_id else None


class ProgrammeFilters(Schema):
    on: SaneDate | None = Field(None, description="Only versions valid on this day.")


class EligibilityIn(InputSchema):
    nationality: Annotated[CountryCode, Field(min_length=2, description="ISO 3166 alpha-2")]
    destination: Annotated[CountryCode, Field(min_length=2, description="ISO 3166 alpha-2")]
    residence_status: Person.ResidenceStatus
    months_of_stay: Annotated[int | None, Field(ge=0, le=1200, description="Full months in Germany")] = None
    circumstances: Annotated[list[Circumstance], Field(max_length=len(CIRCUMSTANCES))] = []
    ages: Annotated[list[Annotated[int, Field(ge=0, le=120)]], Field(min_length=1, max_length=30,
                                                                     description="Age of every travelling person")]
    entry_date: SaneDate | None = Field(
        None, description="Date of first entry into Germany: decides list entries with a cut-off date (e.g. "
                          "Georgia's Starthilfe); without it such an entry is flagged `needs_checking`.")
    on: SaneDate | None = Field(None, description="Day of the decision (default today): picks the versions and "
                                                  "decides whether time-limited rules have ended.")


class ReasonOut(Schema):
    code: str
    title: str = Field(description="The human name of the rule that gave the reason, in the request's language.")
    effect: Literal["eligible", "not_eligible", "needs_checking", "info"]
    message: str
    unverified: bool


class SourceOut(Schema):
    url: str
    title: str


class ConflictOut(Schema):
    field: Literal["adult_amount", "child_amount", "family_cap"]
    value: int | None = Field(description="EUR as this other source gives it; null when not known.")
    source: SourceOut | None
    total: int | None = Field(description="The component's total if this value applied; null when not known.")


class BenefitLineOut(Schema):
    person: int = Field(description="Index into `ages`.")
    age: int | None
    adult: bool
    component: str
    kind: Literal["cash", "in_kind", "costs"]
    amount: int | None = Field(description="EUR; null when not fixed or not known.")
    up_to: bool
    unverified: bool
    needs_checking: bool


class ComponentOut(Schema):
    component: str
    label: str
    kind: str
    subtotal: int | None = Field(description="EUR, all persons before the cap; null when no amount is known "
                                             "(never 0 for unknown).")
    family_cap: int | None
    total: int | None = Field(description="EUR after the family cap; null when no amount is known.")
    counted: bool = Field(description="Whether it counts towards the total (costs as they arise and components "
                                      "that need checking do not).")
    up_to: bool
    amount_unknown: bool = Field(description="At least one person's amount is not known.")
    unverified: bool
    cap_unverified: bool
    needs_checking: bool = Field(description="Whether the component applies at all is open (e.g. a cut-off date).")
    source: SourceOut | None = Field(description="Where the amounts were read.")
    source_is_programme: bool = Field(description="The amounts name no own source: `source` is the version's.")
    cap_source: SourceOut | None = Field(description="Where the family cap was read.")
    conflicts: list[ConflictOut] = Field(description="Other values other sources give, beside the value used.")


class ProgrammeResultOut(Schema):
    programme_code: str
    programme_name: str
    version_id: int | None
    version_label: str
    decision: Decision
    decision_label: str
    reasons: list[ReasonOut]
    benefits: list[BenefitLineOut]
    components: list[ComponentOut]
    total_before_cap: int | None
    total: int | None = Field(description="EUR of the counted components' known amounts; null when amounts are "
                                          "counted but none is known.")
    total_unverified: bool
    amounts_unknown: bool
    amounts_need_checking: bool
    unverified: bool
    source_url: str
    verified_on: date | None


def _source(source) -> dict | None:
    return None if source is None else {"url": source.url, "title": source.title}


def _component(c) -> dict:
    return {**vars(c), "label": str(c.label), "counted": c.counted, "source": _source(c.source),
            "cap_source": _source(c.cap_source),
            "conflicts": [{**vars(other), "source": _source(other.source)} for other in c.conflicts]}


def result_out(result) -> dict:
    return {
        "programme_code": result.programme_code, "programme_name": result.programme_name,
        "version_id": result.version_id, "version_label": result.version_label, "decision": result.decision,
        "decision_label": result.decision_label,
        "reasons": [{"code": r.code, "title": r.rule_title, "effect": r.effect, "message": r.message,
                     "unverified": r.unverified} for r in result.reasons],
        "benefits": [vars(line) for line in result.lines],
        "components": [_component(c) for c in result.components],
        "total_before_cap": result.total_before_cap, "total": result.total,
        "total_unverified": result.total_unverified, "amounts_unknown": result.amounts_unknown,
        "amounts_need_checking": result.amounts_need_checking,
        "unverified": result.unverified, "source_url": result.source_url, "verified_on": result.verified_on,
    }
