"""Contacts in countries of origin, country-information requests, knowledge and virtual
counselling as the API shows and accepts them."""

from datetime import date, datetime
from typing import Annotated, Literal

from ninja import Schema
from pydantic import Field

from apps.api.schemas.common import (
    AwareDateTime,
    CountryCode,
    Id,
    IdList,
    InputSchema,
    LanguageCode,
    SaneDate,
    Version,
    attribute,
    named_enum,
    text,
)
from apps.countryinfo.models import ContactChannel, CountryInformationRequest, RequestTopic, VirtualCounselling


class ContactOut(Schema):
    id: int
    country: str
    organisation_name: str
    contact_person: str
    languages: list[str]
    channels: list[ContactChannel]
    phone: str
    email: str
    video_link: str
    hours: str
    notes: str
    is_active: bool
    version: int

    resolve_country = attribute("country.code")


class ContactFilters(Schema):
    country: CountryCode = ""
    language: Annotated[str, Field(pattern=r"^([a-z]{2,3})?$")] = ""
    channel: ContactChannel | Literal[""] = ""


class ContactCreateIn(InputSchema):
    country: Annotated[CountryCode, Field(min_length=2)]
    organisation_name: text(200, required=True)
    contact_person: text(200) = ""
    languages: Annotated[list[LanguageCode], Field(max_length=20)] = []
    channels: Annotated[list[ContactChannel], Field(max_length=6)] = []
    phone: text(40) = ""
    email: text(254) = ""
    video_link: text(200) = ""
    hours: text(200) = ""
    notes: text(5000) = ""
    is_active: bool = True


class RequestOut(Schema):
    """A request of your organisation. case_id is given only when you may see that case."""

    id: int
    organisation_id: int
    case_id: int | None
    country: str
    topic: RequestTopic
    question: str
    recipient_id: int | None
    sent_to: str
    sent_on: date | None
    answer: str
    answered_on: date | None
    status: named_enum(CountryInformationRequest.Status, "InformationRequestStatus")
    created_by_id: int
    created_at: datetime
    version: int

    resolve_country = attribute("country.code")

    @staticmethod
    def resolve_case_id(obj) -> int | None:
        # Set by the router after checking that the caller sees the case.
        return getattr(obj, "visible_case_id", None)


class RequestFields(InputSchema):
    country: CountryCode = None
    topic: RequestTopic = None
    question: text(10_000, required=True) = None
    recipient_id: Id | None = None
    sent_to: text(200) = None
    sent_on: SaneDate | None = None


class RequestCreateIn(RequestFields):
    country: Annotated[CountryCode, Field(min_length=2)]
    topic: RequestTopic
    question: text(10_000, required=True)


class RequestPatchIn(RequestFields):
    version: Version
    answer: text(20_000, required=True) = Field(
        None, description="Recording an answer marks the request as answered; it must not identify anybody.")
    answered_on: SaneDate | None = None


class KnowledgeOut(Schema):
    """An answered request as anonymised knowledge: no case, no author."""

    id: int
    country: str
    topic: RequestTopic
    question: str
    answer: str
    answered_on: date | None

    resolve_country = attribute("country.code")


class KnowledgeFilters(Schema):
    q: text(200) = ""
    country: CountryCode = ""
    topic: RequestTopic | Literal[""] = ""


class VirtualCounsellingOut(Schema):
    id: int
    session_id: int
    contact_id: int
    scheduled_for: datetime
    status: named_enum(VirtualCounselling.Status, "VirtualCounsellingStatus")
    created_by_id: int
    version: int


class VirtualCounsellingCreateIn(InputSchema):
    contact_id: Id
    scheduled_for: AwareDateTime
    participant_ids: Annotated[IdList, Field(min_length=1)]
    language: LanguageCode
    duration_minutes: Annotated[int, Field(ge=5, le=600)] = 60
    interpreter_used: bool = False
    interpreter_name: text(120) = ""

