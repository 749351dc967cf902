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
    on: SaneDate | None = Field(None, description="Day of the check (default today): picks the versions.")


class ReasonOut(Schema):
    code: str
    effect: Literal["eligible", "not_eligible", "needs_checking", "info"]
    message: str
    unverified: bool


class BenefitLineOut(Schema):
    person: int = Field(description="Index into `ages`.")
    age: int | None
    adult: bool
    component: str
    kind: Literal["cash", "in_kind", "costs"]
    amount: int | None = Field(description="EUR; null when not fixed or not known.")
    up_to: bool
    unverified: bool


class ComponentOut(Schema):
    component: str
    label: str
    kind: str
    subtotal: int
    family_cap: int | None
    total: int
    counted: bool = Field(description="Whether it counts towards the total (costs as they arise do not).")
    up_to: bool
    amount_unknown: bool
    unverified: bool
    cap_unverified: bool


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
    total_before_cap: int
    total: int
    total_unverified: bool
    amounts_unknown: bool
    unverified: bool
    source_url: str
    verified_on: date | None


def result_out(result) -> dict:
    return {
        "programme_code": result.programme_code, "programme_name": result.programme_name,
        "version_id": result.version_id, "version_label": result.version_label, "decision": result.decision,
        "decision_label": result.decision_label,
        "reasons": [{"code": r.code, "effect": r.effect, "message": r.message, "unverified": r.unverified}
                    for r in result.reasons],
        "benefits": [vars(line) for line in result.lines],
        "components": [{**vars(c), "label": str(c.label), "counted": c.counted} for c in result.components],
        "total_before_cap": result.total_before_cap, "total": result.total,
        "total_unverified": result.total_unverified, "amounts_unknown": result.amounts_unknown,
        "unverified": result.unverified, "source_url": result.source_url, "verified_on": result.verified_on,
    }
