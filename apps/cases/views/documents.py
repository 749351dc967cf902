"""Documents of a case: list, upload, download, preview, delete (soft, with a reason)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.accounts.selectors import user_has_perm
from apps.cases import selectors, services
from apps.cases.forms import DocumentDeleteForm, DocumentUploadForm
from apps.cases.models import Document
from apps.cases.pages import case_context
from apps.core.permissions import require_perm
from apps.core.storage import DocumentUnreadable, file_response, safe_filename
from apps.core.views_helpers import submit


def _render_documents(request, case, form):
    """The tab; after a failed upload the form shows the errors and keeps the other input."""
    return render(request, "cases/case_documents.html", case_context(
        request, case, "documents", documents=selectors.documents_listed(request.user, case),
        form=form))


def _upload_form(request, case, data=None, files=None):
    return DocumentUploadForm(data, files, case=case, may_upload_sensitive=user_has_perm(
        request.user, "case.sensitive.read", case.organisation_id))


@require_perm("case.read")
def document_list(request, pk):
    case = selectors.case_for(request.user, pk)
    return _render_documents(request, case, _upload_form(request, case))


@require_POST
@require_perm("case.write")
def document_upload(request, pk):
    case = selectors.case_for(request.user, pk, audit=False)
    form = _upload_form(request, case, request.POST, request.FILES)

    def upload():
        data = form.cleaned_data
        services.document_upload(actor=request.user, case=case, person=data["person"],
                                 document_type=data["document_type"], title=data["title"],
                                 uploaded_file=data["file"])

    if submit(request, form, upload, success=_("The document has been uploaded.")):
        return redirect("cases:documents", pk=case.pk)
    return _render_documents(request, case, form)


def _file_response(document: Document, data: bytes, *, inline: bool):
    return file_response(data, content_type=document.content_type, inline=inline,
                         filename=safe_filename(document.original_name, document.content_type))


def _unreadable(request, document: Document):
    """A page instead of a server error: the file exists in the database but cannot be
    read (503: the operator can restore it, e.g. by putting a removed key back)."""
    return render(request, "cases/document_unreadable.html", {"document": document}, status=503)


@require_perm("case.read")
def document_download(request, pk):
    document = selectors.document_for(request.user, pk, audit=False)
    try:
        data = selectors.document_content(request.user, document, action="downloaded")
    except DocumentUnreadable:
        return _unreadable(request, document)
    return _file_response(document, data, inline=False)


@require_perm("case.read")
def document_preview(request, pk):
    document = selectors.document_for(request.user, pk, audit=False)
    if not document.previewable:
        raise Http404
    try:
        data = selectors.document_content(request.user, document, action="previewed")
    except DocumentUnreadable:
        return _unreadable(request, document)
    return _file_response(document, data, inline=True)


@require_POST
@require_perm("case.write")
def document_delete(request, pk):
    document = selectors.document_for(request.user, pk, audit=False)
    form = DocumentDeleteForm(request.POST)
    deleted = submit(request, form, lambda: services.document_delete(
        actor=request.user, document=document, reason=form.cleaned_data["reason"]),
        success=_("The document has been deleted."))
    if not deleted:
        messages.error(request, _("Give a reason for deleting the document."))
    if document.case_id is None:
        return redirect("clients:person_detail", pk=document.person_id)
    return redirect("cases:documents", pk=document.case_id)
