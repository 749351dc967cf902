"""Schemas of the network: partner directory, expert questions with their thread, knowledge base."""

from datetime import date, datetime

from ninja import Field, Schema

from apps.api.schemas.common import Id, InputSchema, Version, attribute, named_enum
from apps.api.schemas.common import text as text_of
from apps.network.models import QuestionCategory, Urgency


class ContactOut(Schema):
    name: str
    function: str
    email: str
    phone: str
    languages: list[str] = Field(description="ISO 639 codes.")


class AgreementOut(Schema):
    id: int
    kind: str = Field(description="hosting, cooperation, data_processing or other.")
    valid_from: date
    valid_until: date | None
    note: str
    has_file: bool
    resolve_id = attribute("pk")

    @staticmethod
    def resolve_has_file(obj) -> bool:
        return bool(obj.file)


class PartnerOut(Schema):
    id: int
    name: str
    kind: str = Field(description="counselling_provider, competence_centre, authority, partner or funder.")
    roles: list[str] = Field(description="Roles in the network (codes of NetworkRole).")
    district_ids: list[int] = Field(description="Districts served.")
    resolve_id = attribute("pk")

    @staticmethod
    def resolve_roles(obj) -> list[str]:
        profile = getattr(obj, "network_profile", None)
        return list(profile.roles) if profile else []

    @staticmethod
    def resolve_district_ids(obj) -> list[int]:
        profile = getattr(obj, "network_profile", None)
        return sorted(d.pk for d in profile.districts.all()) if profile else []


class CooperationOut(Schema):
    referrals_with_your_organisation: int
    referrals_network: int
    counselling_days_hosted: int
    events_attended: int | None = Field(description="None while the events app gives no count.")


class PartnerDetailOut(PartnerOut):
    description: str
    contacts: list[ContactOut] = Field(description="Only contacts whose consent to be listed is recorded.")
    agreements: list[AgreementOut]
    cooperation: CooperationOut


class MessageOut(Schema):
    id: int
    from_centre: bool = Field(description="Written by the Kompetenzzentrum.")
    text: str
    posted_at: datetime
    resolve_id = attribute("pk")


class QuestionOut(Schema):
    id: int
    organisation_id: int
    competence_centre_id: int
    subject: str
    category: str
    urgency: str
    status: str = Field(description="open, answered, closed or withdrawn.")
    asked_at: datetime
    due_on: date
    answered_at: datetime | None
    version: int
    resolve_id = attribute("pk")


class QuestionDetailOut(QuestionOut):
    messages: list[MessageOut]

    @staticmethod
    def resolve_messages(obj) -> list:
        return list(obj.messages.all())


class QuestionIn(InputSchema):
    competence_centre_id: Id
    subject: text_of(200, required=True)
    category: named_enum(QuestionCategory, "QuestionCategory")
    urgency: named_enum(Urgency, "QuestionUrgency") = Urgency.NORMAL
    text: text_of(5000, required=True) = Field(description="Must not identify anybody (422 naming what looks like an "
                                                        "identifier).")


class MessageIn(InputSchema):
    text: text_of(5000, required=True)
    version: Version


class ArticleOut(Schema):
    id: int
    title: str
    question: str
    answer: str
    category: str
    tags: list[str]
    published_at: datetime | None
    resolve_id = attribute("pk")
    resolve_question = attribute("question_text")
    resolve_answer = attribute("answer_text")
