"""Documents: /cases/{id}/documents (list, upload), /documents/{id} (metadata, content, delete)."""

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Status, UploadedFile
from ninja.pagination import paginate

from apps.api.pagination import Page
from apps.api.permissions import requires
from apps.api.routers.common import RECORD_ERRORS, one_in
from apps.api.schemas.common import ErrorOut, PathId
from apps.api.schemas.documents import DocumentDeleteIn, DocumentOut, DocumentUploadIn
from apps.cases.selectors import case_for, document_content, document_for, documents_of
from apps.cases.services import document_delete, document_upload
from apps.clients.selectors import persons_visible_to
from apps.core.storage import file_response, safe_filename

router = Router()
FILE_RESPONSE = {"responses": {200: {
    "description": "The file (attachment), decrypted; `Content-Type` is the type found in its content.",
    "content": {media: {"schema": {"type": "string", "format": "binary"}}
                for media in ("application/pdf", "image/jpeg", "image/png")},
}}}


@router.get("/cases/{case_id}/documents", response=list[DocumentOut], summary="List a case's documents")
@requires("case.read")
@paginate(Page)
def list_documents(request: HttpRequest, case_id: PathId):
    """Metadata of the case's documents, newest first; deleted ones are left out, and medical
    reports unless you hold case.sensitive.read in the case's organisation."""
    return documents_of(request.auth, case_for(request.auth, case_id, audit=False))


@router.post("/cases/{case_id}/documents", response={201: DocumentOut, **RECORD_ERRORS}, summary="Upload a document")
@requires("case.write")
def upload_document(request: HttpRequest, case_id: PathId, payload: Form[DocumentUploadIn],
                    file: File[UploadedFile]):
    """Send `multipart/form-data` with the file and the fields. Accepted: PDF, JPEG and PNG
    (judged by the content, which must agree with the file name's extension), at most
    DOCUMENT_MAX_UPLOAD_MB megabytes; anything else is a 422 naming the reason."""
    user = request.auth
    case = case_for(user, case_id, audit=False)
    person = one_in(persons_visible_to(user), payload.person_id, "person_id",
                    _("No person with this id in the case's household."))
    document = document_upload(actor=user, case=case, person=person, document_type=payload.document_type,
                               title=payload.title, uploaded_file=file)
    return Status(201, document)


@router.get("/documents/{document_id}", response={200: DocumentOut, 404: ErrorOut},
            summary="Read a document's metadata")
@requires("case.read")
def get_document(request: HttpRequest, document_id: PathId):
    """Type, title, size, checksum and who uploaded it when; the file itself is at /content."""
    return document_for(request.auth, document_id)


@router.get("/documents/{document_id}/content", response={404: ErrorOut}, summary="Download a document",
            openapi_extra=FILE_RESPONSE)
@requires("case.read")
def get_document_content(request: HttpRequest, document_id: PathId):
    """The file as an attachment; every download is recorded in the audit log."""
    document = document_for(request.auth, document_id, audit=False)
    data = document_content(request.auth, document, action="downloaded")
    return file_response(data, content_type=document.content_type,
                         filename=safe_filename(document.original_name, document.content_type))


@router.post("/documents/{document_id}/delete", response={200: DocumentOut, **RECORD_ERRORS},
             summary="Delete a document")
@requires("case.write")
def delete_document(request: HttpRequest, document_id: PathId, payload: DocumentDeleteIn):
    """A soft delete with a reason: the document disappears from lists and downloads; the
    file is kept until the retention rules purge it."""
    return document_delete(actor=request.auth, document=document_for(request.auth, document_id, audit=False),
                           reason=payload.reason)

