"""Disclosures as the API shows and accepts them: the counsellor's view of a case's
disclosures, and the authority's view of exactly the disclosed fields."""

from datetime import date, datetime

from ninja import Schema
from pydantic import Field

from apps.api.schemas.common import Code, Id, IdList, InputSchema, SaneDate, Version, all_of, attribute, text
from apps.disclosures.fields import disclosed_values
from apps.disclosures.models import DisclosurePurpose
from apps.disclosures.selectors import disclosed_documents, disclosed_persons, person_labels, status_of


class MessageOut(Schema):
    id: int
    organisation_id: int
    organisation_name: str
    text: str
    created_at: datetime

    resolve_organisation_name = attribute("organisation.name")


class CertificateOut(Schema):
    id: int
    number: str
    issued_on: date
    valid_until: date
    issued_by_id: int
    person_ids: list[int]
    disclosure_id: int | None

    @staticmethod
    def resolve_person_ids(obj) -> list[int]:
        return [p.pk for p in obj.persons.all()]


class DisclosureOut(Schema):
    """The disclosing organisation's view."""

    id: int
    case_id: int
    consent_id: int
    recipient_id: int
    recipient_name: str
    purpose: str
    fields: list[str] = Field(description="Codes of the disclosed fields.")
    document_ids: list[int]
    valid_until: date | None
    created_at: datetime
    revoked_at: datetime | None
    confirmed_at: datetime | None
    status: str = Field(description="active, revoked, consent_withdrawn or expired.")
    messages: list[MessageOut]
    certificates: list[CertificateOut]
    version: int

    resolve_recipient_name = attribute("recipient.name")

    @staticmethod
    def resolve_document_ids(obj) -> list[int]:
        return [d.pk for d in obj.documents.all()]

    @staticmethod
    def resolve_status(obj) -> str:
        return status_of(obj)

    resolve_messages = all_of("messages")
    resolve_certificates = all_of("certificates")


class DisclosureCreateIn(InputSchema):
    recipient_id: Id
    consent_id: Id = Field(description="A valid consent of a household member to a disclosure to the recipient.")
    purpose: DisclosurePurpose
    fields: list[Code] = Field(min_length=1, max_length=50, description="Codes of the fields to disclose.")
    document_ids: IdList = []
    valid_until: SaneDate | None = None


class InboxDisclosureOut(Schema):
    """The authority's list entry: no personal data beyond what the list page shows."""

    id: int
    from_organisation: str
    purpose: str
    fields: list[str] = Field(description="Codes of the disclosed fields (values: read the disclosure).")
    created_at: datetime
    valid_until: date | None
    confirmed_at: datetime | None
    version: int

    @staticmethod
    def resolve_from_organisation(obj) -> str:
        return obj.case.organisation.name


class DisclosedFieldOut(Schema):
    code: str
    label: str
    value: str


class DisclosedDocumentOut(Schema):
    id: int
    document_type: str
    title: str
    content_type: str


class DisclosedPersonOut(Schema):
    id: int
    label: str = Field(description='Name / date of birth only if disclosed, else "Person 1", "Person 2", …')


class InboxDisclosureDetailOut(InboxDisclosureOut):
    """Exactly the disclosed fields, read now from the live records, and the disclosed documents."""

    values: list[DisclosedFieldOut]
    persons: list[DisclosedPersonOut] = Field(
        description="The persons the disclosure concerns (pinned when it was made): a certificate may name them.")
    documents: list[DisclosedDocumentOut]
    messages: list[MessageOut]
    certificates: list[CertificateOut]

    @staticmethod
    def resolve_values(obj) -> list[dict]:
        return [{"code": code, "label": label, "value": value}
                for code, label, value in disclosed_values(obj.case, obj.consent.person, obj.fields,
                                                           disclosed_persons(obj))]

    @staticmethod
    def resolve_persons(obj) -> list[dict]:
        return [{"id": pk, "label": label} for pk, label in person_labels(obj).items()]

    @staticmethod
    def resolve_documents(obj) -> list:
        return list(disclosed_documents(obj))

    @staticmethod
    def resolve_messages(obj) -> list:
        return list(obj.messages.select_related("organisation").order_by("created_at", "id"))

    @staticmethod
    def resolve_certificates(obj) -> list:
        return list(obj.certificates.prefetch_related("persons").order_by("-issued_on", "-id"))


class ConfirmIn(InputSchema):
    version: Version | None = None


class RevokeIn(InputSchema):
    version: Version | None = None


class QuestionIn(InputSchema):
    text: text(4000, required=True)


class CertificateIn(InputSchema):
    number: text(60) = ""
    issued_on: SaneDate
    valid_until: SaneDate
    person_ids: IdList = Field(min_length=1)
