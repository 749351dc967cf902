"""Cases, counselling sessions and tasks as the API shows and accepts them."""

from datetime import date, datetime
from typing import Annotated, Literal

from ninja import Schema
from pydantic import Field, model_validator

from apps.api.schemas.common import (
    AwareDateTime,
    Code,
    CountryCode,
    Id,
    IdList,
    InputSchema,
    LanguageCode,
    LongText,
    SaneDate,
    Version,
    text,
)
from apps.cases.models import CaseOutcome, CaseStatus, Channel, FirstContactSource, SessionPlace
from apps.cases.selectors import ORDERINGS

CaseOrdering = Literal[tuple(ORDERINGS)]


class PrincipalOut(Schema):
    id: int
    family_name: str
    given_names: str


class CaseOut(Schema):
    id: int
    reference: str
    organisation_id: int
    household_id: int
    office_id: int | None
    status: CaseStatus
    outcome: CaseOutcome | Literal[""]
    first_contact_source: FirstContactSource
    intended_return_country: str
    restricted: bool
    opened_at: datetime
    closed_at: datetime | None
    updated_at: datetime
    version: int
    assigned_counsellor_ids: list[int]
    principal: PrincipalOut | None

    @staticmethod
    def resolve_intended_return_country(obj) -> str:
        return obj.intended_return_country.code or ""

    @staticmethod
    def resolve_assigned_counsellor_ids(obj) -> list[int]:
        return sorted(user.pk for user in obj.assigned_counsellors.all())

    @staticmethod
    def resolve_principal(obj) -> dict | None:
        """Read from the with_principal() annotations (set by hand on a single case)."""
        if getattr(obj, "principal_id", None) is None:
            return None
        return {"id": obj.principal_id, "family_name": obj.principal_family_name,
                "given_names": obj.principal_given_names}


class CaseListFilters(Schema):
    q: text(200) = Field("", description="Name (any spelling), reference or number.")
    status: CaseStatus | None = None
    office: Id | None = None
    counsellor: Id | None = None
    nationality: CountryCode = ""
    ordering: CaseOrdering = "-opened_at"


class CaseCreateIn(InputSchema):
    household_id: Id | None = Field(None, description="An existing household; or give person_id.")
    person_id: Id | None = Field(
        None, description="A person in no household yet: a household is created with them as principal."
    )
    office_id: Id | None = None
    first_contact_source: FirstContactSource = FirstContactSource.WALK_IN
    intended_return_country: CountryCode = ""
    restricted: bool = False

    @model_validator(mode="after")
    def _one_household_source(self):
        if (self.household_id is None) == (self.person_id is None):
            raise ValueError("give exactly one of household_id and person_id")
        return self


class CasePatchIn(InputSchema):
    version: Version
    office_id: Id | None = None
    first_contact_source: FirstContactSource = None
    intended_return_country: CountryCode = None
    restricted: bool = None
    status: CaseStatus = Field(None, description="Move the case on; 'closed' needs an outcome.")
    outcome: CaseOutcome = None


class SessionOut(Schema):
    id: int
    case_id: int
    counsellor_id: int
    started_at: datetime
    duration_minutes: int
    channel: Channel
    office_id: int | None
    location: str
    district_id: int | None = Field(description="Where the session took place (see place).")
    place: SessionPlace = Field(description="office: the office's district; mobile_day: the district of the "
                                            "mobile counselling day; client_district: remote, the principal "
                                            "client's district; unknown.")
    language: str
    interpreter_used: bool
    interpreter_name: str
    participant_ids: list[int]
    topic_codes: list[str]
    created_at: datetime

    @staticmethod
    def resolve_participant_ids(obj) -> list[int]:
        return sorted(person.pk for person in obj.participants.all())

    @staticmethod
    def resolve_topic_codes(obj) -> list[str]:
        return sorted(topic.code for topic in obj.topics.all())


class SessionDetailOut(SessionOut):
    summary: str
    next_steps: str
    version: int


class SessionFields(InputSchema):
    started_at: AwareDateTime = None
    duration_minutes: Annotated[int, Field(ge=1, le=24 * 60)] = None
    channel: Channel = None
    office_id: Id | None = None
    location: text(200) = None
    district_id: Id | None = Field(None, description="Mobile sessions only: the district of the counselling "
                                                     "day. Other channels take it from the office or client.")
    language: LanguageCode = None
    interpreter_used: bool = None
    interpreter_name: text(120) = None
    summary: LongText = None
    next_steps: LongText = None
    participant_ids: IdList = None
    topic_codes: Annotated[list[Code], Field(max_length=50)] = None


class SessionPatchIn(SessionFields):
    version: Version


class SessionCreateIn(SessionFields):
    channel: Channel
    language: LanguageCode


class TaskOut(Schema):
    id: int
    case_id: int
    title: str
    due_date: date | None
    assignee_id: int | None
    created_by_id: int
    created_at: datetime
    done_at: datetime | None
    done: bool
    overdue: bool

    @staticmethod
    def resolve_done(obj) -> bool:
        return obj.done_at is not None

    @staticmethod
    def resolve_overdue(obj) -> bool:
        return obj.is_overdue


class TaskListFilters(Schema):
    case_id: Id | None = Field(None, description="Tasks of this case; without it, tasks assigned to you.")
    done: bool | None = None


class TaskCreateIn(InputSchema):
    title: text(200, required=True)
    due_date: SaneDate | None = None
    assignee_id: Id | None = None


class TaskPatchIn(InputSchema):
    title: text(200, required=True) = None
    due_date: SaneDate | None = None
    assignee_id: Id | None = None
    done: bool = None
