"""Documents as the API shows and accepts them: metadata as JSON, the file as multipart."""

from datetime import datetime
from typing import Annotated

from ninja import Schema
from pydantic import Field

from apps.api.schemas.common import Id, InputSchema, text
from apps.cases.models import DocumentType


class DocumentOut(Schema):
    id: int
    organisation_id: int
    case_id: int | None
    person_id: int | None
    document_type: DocumentType
    title: str
    original_name: str = Field(description="The file name the uploader's computer gave the file.")
    content_type: str = Field(description="Determined from the content, not from the uploader's claim.")
    size: int = Field(description="Bytes of the original (unencrypted) file.")
    sha256: str
    uploaded_by_id: int
    uploaded_at: datetime


class DocumentUploadIn(Schema):
    """Form fields sent along with the file (multipart/form-data)."""

    document_type: DocumentType
    title: text(200, required=True)
    person_id: Id | None = Field(None, description="A member of the case's household the document is about.")


class DocumentDeleteIn(InputSchema):
    reason: Annotated[text(500, required=True), Field(description="Why the document is deleted.")]
