"""Schemas of outreach: information materials, orders of printed materials, campaign visits."""

from datetime import date

from ninja import Field, Schema

from apps.api.schemas.common import Id, InputSchema, SaneDate, Version, attribute, named_enum, text
from apps.api.schemas.public import ClientLanguageCode
from apps.outreach.models import OrderState


class MaterialOut(Schema):
    id: int
    title: str
    kind: str = Field(description="flyer, poster, video or social_media_post.")
    target_group: str
    published: bool
    file_languages: list[str] = Field(description="Languages with an uploaded file (its newest version counts).")
    text_languages: list[str] = Field(description="Languages with a flyer text (a PDF flyer is made from it).")
    resolve_id = attribute("pk")

    @staticmethod
    def resolve_file_languages(obj) -> list[str]:
        return sorted({file.language for file in obj.files.all()})

    @staticmethod
    def resolve_text_languages(obj) -> list[str]:
        return sorted(text.language for text in obj.texts.all())


class OrderIn(InputSchema):
    material_id: Id
    language: ClientLanguageCode
    quantity: int = Field(ge=1, le=10_000)
    delivery_address: text(500, required=True)
    wished_date: SaneDate | None = None


class OrderEventOut(Schema):
    state: str
    at: str
    note: str

    @staticmethod
    def resolve_at(obj) -> str:
        return obj.at.isoformat()


class OrderOut(Schema):
    id: int
    organisation_id: int
    material_id: int
    language: str
    quantity: int
    delivery_address: str
    wished_date: date | None
    state: str
    version: int
    history: list[OrderEventOut]
    resolve_id = attribute("pk")

    @staticmethod
    def resolve_history(obj) -> list:
        return list(obj.events.all())


class OrderStateIn(InputSchema):
    to: named_enum(OrderState, "OrderState")
    version: Version
    note: text(300) = ""


class VisitOut(Schema):
    day: date
    language: str
    count: int


class CampaignVisitsOut(Schema):
    campaign_id: int
    code: str
    total: int
    visits: list[VisitOut] = Field(description="Portal visits through the campaign link per day and language "
                                               "(counters only: no cookie, no IP address is stored).")
