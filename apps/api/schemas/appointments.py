"""Schemas of the appointments API: bookings (staff) and the public, anonymous endpoints."""

from datetime import datetime
from typing import Annotated

from ninja import Field, Schema

from apps.api.schemas.common import Id, InputSchema, LanguageCode, attribute, text


class AppointmentListFilters(Schema):
    day_id: Id | None = Field(None, description="Only bookings of this counselling day.")


class AppointmentOut(Schema):
    """A booking as staff see it: the holder only as a person id or pseudonym."""

    id: int
    slot_id: int
    day_id: int
    starts_at: datetime
    ends_at: datetime
    person_id: int | None = Field(description="The client's person id, or null if there is none or you "
                                              "may not see that client.")
    pseudonym: str
    language: str
    channel: str
    status: str
    confirmation_code: str
    version: int
    resolve_starts_at = attribute("slot.starts_at")
    resolve_ends_at = attribute("slot.ends_at")

    @staticmethod
    def resolve_person_id(obj) -> int | None:
        # Set by the router after checking visibility; unset means hidden.
        return getattr(obj, "visible_person_id", None)


class AppointmentCreateIn(InputSchema):
    slot_id: Id
    person_id: Id | None = None
    pseudonym: text(80) = ""
    phone: text(40) = ""
    email: text(254) = ""
    language: LanguageCode
    consent: bool = False


class AppointmentBookedOut(Schema):
    appointment: AppointmentOut
    manage_token: str = Field(description="The secret for the client's cancel/rebook link; shown only once.")


class AppointmentCancelIn(InputSchema):
    reason: text(300) = ""
    version: int | None = None


class PublicBookingIn(InputSchema):
    slot_id: Id
    pseudonym: text(80, required=True)
    phone: Annotated[text(40, required=True), Field(min_length=3)]
    email: text(254) = ""
    language: LanguageCode
    consent: bool


class PublicBookingOut(Schema):
    confirmation_code: str
    starts_at: datetime
    manage_token: str = Field(description="The secret for the cancel/rebook link; shown only once.")
