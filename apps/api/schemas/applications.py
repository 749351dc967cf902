"""Request and response bodies of the application routes."""

from datetime import date, datetime
from typing import Annotated

from ninja import Schema
from pydantic import Field

from apps.api.schemas.common import Id, IdList, InputSchema, SaneDate, Version, text
from apps.applications.models import ApplicationStatus, AsylumProcedures, PrioritisationReason, SecondParentConsent


def _one_of(values, *, blank: bool = False) -> str:
    """A pattern accepting exactly these codes (and the empty string when `blank`)."""
    return "^(" + "|".join(v for v in values if v) + ")" + ("?" if blank else "") + "$"


Status = Annotated[str, Field(pattern=_one_of(ApplicationStatus.values))]
Reason = Annotated[str, Field(pattern=_one_of(PrioritisationReason.values))]


class TravelOut(Schema):
    departure_date: date | None
    airport: str
    needs: list[str]
    documents_checked: list[str]


class ApplicationOut(Schema):
    id: int
    case_id: int
    programme_version_id: int
    programme: str
    programme_version_unverified: list[str] = Field(description="Rule keys of the version not confirmed by a source.")
    member_ids: list[int]
    status: str
    prioritisation_reasons: list[str]
    asylum_procedures: str
    asylum_withdrawn_on: date | None
    second_parent_consent: str
    second_parent_consent_on: date | None
    submitted_on: date | None
    submission_reference: str
    expected_decision_by: date | None
    decision_on: date | None
    departed_on: date | None
    created_at: datetime
    version: int
    allowed_transitions: list[str]

    @staticmethod
    def resolve_programme(obj) -> str:
        return str(obj.programme_version)

    @staticmethod
    def resolve_programme_version_unverified(obj) -> list[str]:
        return list(obj.programme_version.unverified or [])

    @staticmethod
    def resolve_prioritisation_reasons(obj, context) -> list[str]:
        # Health-related reasons (pregnancy) only for users who may read sensitive data.
        from apps.applications.selectors import visible_reasons

        return visible_reasons(context["request"].auth, obj)

    @staticmethod
    def resolve_member_ids(obj) -> list[int]:
        return sorted(p.pk for p in obj.members.all())

    @staticmethod
    def resolve_allowed_transitions(obj) -> list[str]:
        from apps.applications.services import allowed_transitions

        return allowed_transitions(obj)


class ApplicationCreateIn(InputSchema):
    programme_version_id: Id
    member_ids: Annotated[IdList, Field(min_length=1)]
    prioritisation_reasons: Annotated[list[Reason], Field(max_length=10)] = []
    asylum_procedures: Annotated[str, Field(pattern=_one_of(AsylumProcedures.values, blank=True))] = ""
    asylum_withdrawn_on: SaneDate | None = None
    second_parent_consent: Annotated[str, Field(pattern=_one_of(SecondParentConsent.values, blank=True))] = ""
    second_parent_consent_on: SaneDate | None = None


class TransitionIn(InputSchema):
    to: Status
    version: Version
    submitted_on: SaneDate | None = None
    submission_reference: text(60) = ""
    decision_on: SaneDate | None = None
    decision_note: text(4000) = ""
    departed_on: SaneDate | None = None
    departure_note: text(4000) = ""
    withdrawal_note: text(4000) = ""
