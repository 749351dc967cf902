"""The service directory and referrals as the API shows and accepts them."""

from datetime import datetime
from typing import Annotated, Literal

from ninja import Schema
from pydantic import Field

from apps.accounts.selectors import organisation_ids_with
from apps.api.schemas.common import Id, InputSchema, LanguageCode, Version, attribute, text
from apps.referrals.models import DeclineReason, IncomingStatus, ReferralStatus, SharedField, Urgency
from apps.referrals.selectors import shared_data, snapshot_visible


class ServiceOut(Schema):
    id: int
    name: str
    provider_id: int
    provider_name: str
    service_types: list[str] = Field(description="Codes of the service types.")
    district_ids: list[int]
    statewide: bool
    languages: list[str]
    street: str
    postcode: str
    city: str
    phone: str
    email: str
    website: str
    opening_hours: str
    accessibility: str
    notes: str
    is_active: bool
    version: int

    resolve_provider_name = attribute("provider.name")

    @staticmethod
    def resolve_service_types(obj) -> list[str]:
        return [t.code for t in obj.service_types.all()]

    @staticmethod
    def resolve_district_ids(obj) -> list[int]:
        return [d.pk for d in obj.districts.all()]


class ServiceFilters(Schema):
    q: text(100) = Field("", description="Part of the service's or provider's name.")
    service_type: text(50) = Field("", description="A service type code, e.g. legal_advice.")
    district: Id | None = Field(None, description="Services serving this district (statewide ones included).")
    postcode: Annotated[str, Field(pattern=r"^(\d{5})?$")] = Field("", description="Postcode → its districts.")
    language: Annotated[str, Field(pattern=r"^([a-z]{2,3})?$")] = ""


class ReferralOut(Schema):
    id: int
    case_id: int
    service_id: int
    person_id: int
    reason: str
    shared_fields: list[SharedField]
    status: ReferralStatus
    consent_id: int | None
    created_at: datetime
    sent_at: datetime | None
    answered_at: datetime | None
    follow_up_task_id: int | None
    provider_note: str
    version: int


class ReferralCreateIn(InputSchema):
    service_id: Id
    person_id: Id = Field(description="A member of the case's household.")
    reason: text(4000, required=True)
    shared_fields: Annotated[list[SharedField], Field(min_length=1, max_length=len(SharedField.values))]


class ReferralStatusIn(InputSchema):
    status: Literal[ReferralStatus.ACCEPTED, ReferralStatus.COMPLETED, ReferralStatus.DECLINED,
                    ReferralStatus.NO_RESPONSE]
    note: text(1000) = ""
    version: Version | None = None


class InboxReferralOut(Schema):
    """What the provider sees: the snapshot (while the consent holds), dates and the sender."""

    id: int
    service_id: int
    sending_organisation: str
    their_reference: str = Field(description="The referral number (V-<id>) to quote; it names no case.")
    status: ReferralStatus
    sent_at: datetime | None
    answered_at: datetime | None
    consent_valid: bool
    shared: dict = Field(description="Exactly the fields the client agreed to share; empty once withdrawn.")
    version: int

    @staticmethod
    def resolve_sending_organisation(obj) -> str:
        return obj.case.organisation.name

    @staticmethod
    def resolve_their_reference(obj) -> str:
        return obj.number

    @staticmethod
    def resolve_consent_valid(obj) -> bool:
        return snapshot_visible(obj)

    @staticmethod
    def resolve_shared(obj) -> dict:
        return shared_data(obj) if snapshot_visible(obj) else {}


class IncomingDetailsOut(Schema):
    """Only for the receiving counselling organisation."""

    phone: str
    email: str
    district_id: int | None
    reason: str
    consent_form: str
    appointment_at: datetime | None
    case_id: int | None

    @staticmethod
    def resolve_phone(obj) -> str:
        return str(obj.phone or "")


class IncomingOut(Schema):
    """The submitting organisation sees what it sent and the status, never the case or any
    counselling content; the receiving organisation sees `received` as well."""

    id: int
    from_organisation_id: int
    to_organisation_id: int
    family_name: str
    given_names: str
    language: str
    urgency: Urgency
    status: IncomingStatus
    decline_reason: DeclineReason | Literal[""]
    created_at: datetime
    received: IncomingDetailsOut | None = None

    @staticmethod
    def resolve_received(obj, context) -> object | None:
        user = context["request"].auth
        return obj if obj.to_organisation_id in organisation_ids_with(user, "case.write") else None


class IncomingFilters(Schema):
    side: Literal["submitted", "received"] | None = Field(
        None, description="Only those your organisation submitted, or only those addressed to it; default both.")
    status: IncomingStatus | None = None


class IncomingCreateIn(InputSchema):
    to_organisation_id: Id = Field(description="A counselling organisation (counselling provider or competence "
                                               "centre).")
    family_name: text(150, required=True)
    given_names: text(150) = ""
    phone: text(40) = ""
    email: text(254) = ""
    language: LanguageCode
    district_id: Id | None = None
    reason: text(4000, required=True)
    urgency: Urgency = Urgency.NORMAL
    consent_confirmed: bool = Field(description="Must be true: the person agreed to be referred and to this "
                                                "data being passed on.")
    consent_form: Literal["oral", "written"]
