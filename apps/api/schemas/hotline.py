"""Schemas of the hotline API: calls (anonymous by default) and callback requests."""

from datetime import datetime
from typing import Annotated

from ninja import Field, Schema

from apps.api.schemas.common import AwareDateTime, Id, InputSchema, Version, named_enum, text
from apps.hotline.models import Call, CallbackAttempt, CallbackRequest

# The languages clients read (settings.LANGUAGES): "ar", "kmr", "sr-latn", …
ClientLanguage = Annotated[str, Field(pattern=r"^[a-z]{2,3}(-[a-z]{4})?$",
                                      description="A client language code (settings.LANGUAGES), e.g. ar or sr-latn.")]
Direction = named_enum(Call.Direction, "CallDirection")
Topic = named_enum(Call.Topic, "CallTopic")
CallOutcome = named_enum(Call.Outcome, "CallOutcome")
Window = named_enum(CallbackRequest.Window, "CallbackWindow")
AttemptOutcome = named_enum(CallbackAttempt.Outcome, "CallbackAttemptOutcome")
CloseReason = named_enum(CallbackRequest.CloseReason, "CallbackCloseReason")


class CallFilters(Schema):
    since: AwareDateTime | None = Field(None, description="Only calls at or after this time.")


class CallOut(Schema):
    """A logged call without the caller's name or number (those stay on the desk)."""

    id: int
    started_at: datetime
    direction: str
    duration_minutes: int
    language: str
    interpreter: bool
    topic: str
    district_id: int | None
    outcomes: list[str]
    agent_id: int
    case_id: int | None
    appointment_id: int | None
    version: int


class CallCreateIn(InputSchema):
    started_at: AwareDateTime | None = Field(None, description="Default: now.")
    direction: Direction = Call.Direction.INBOUND
    duration_minutes: int = Field(5, ge=0, le=600)
    language: ClientLanguage = "de"
    interpreter: bool = False
    topic: Topic = Call.Topic.COUNSELLING
    district_id: Id | None = None
    outcomes: list[CallOutcome] = Field(default_factory=list, max_length=5)
    caller_name: text(120) = ""
    phone: text(40) = Field("", description="Needed when the outcome includes a promised callback.")
    callback_window: Window = CallbackRequest.Window.ANYTIME


class CallbackFilters(Schema):
    status: named_enum(CallbackRequest.Status, "CallbackStatus") = CallbackRequest.Status.OPEN


class CallbackOut(Schema):
    """A callback request; reading it (it holds a phone number) is audited."""

    id: int
    source: str
    source_call_id: int | None
    first_name: str
    phone: str
    language: str
    window: str
    requested_at: datetime
    due_at: datetime
    overdue: bool
    assigned_to_id: int | None
    status: str
    reached_at: datetime | None
    closed_at: datetime | None
    close_reason: str
    attempt_count: int
    case_id: int | None
    appointment_id: int | None
    version: int

    @staticmethod
    def resolve_overdue(obj) -> bool:
        return obj.is_overdue

    @staticmethod
    def resolve_attempt_count(obj) -> int:
        count = getattr(obj, "attempt_count", None)
        return obj.attempts.count() if count is None else count


class CallbackCreateIn(InputSchema):
    phone: text(40, required=True)
    language: ClientLanguage
    window: Window = CallbackRequest.Window.ANYTIME
    first_name: text(60) = ""


class AttemptIn(InputSchema):
    outcome: AttemptOutcome
    note: text(1000) = ""
    version: Version


class CloseIn(InputSchema):
    reason: CloseReason
    version: Version
