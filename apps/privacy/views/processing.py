"""The records of processing (Art. 30 GDPR) of the data protection officer's organisation: a
page, and the same document as PDF, CSV or Excel in German or English (privacy.manage)."""

import io

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from apps.audit.services import record
from apps.core.exports import FORMATS, csv_response, write_xlsx
from apps.core.permissions import require_perm
from apps.privacy import processing

LANGUAGES = ("de", "en")


def _organisation(request):
    try:
        wanted = int(request.GET["organisation"]) if request.GET.get("organisation") else None
    except ValueError:
        wanted = -1  # not one of the user's: 404
    return processing.processing_organisation(request.user, wanted)


@require_perm(processing.PERMISSION)
@require_GET
@never_cache
def processing_page(request):
    organisation = _organisation(request)
    document = processing.processing_record(organisation=organisation)
    return render(request, "privacy/processing.html", {
        "document": document, "activities": processing.activity_retentions(document),
        "organisations": processing.organisations_for(request.user), "languages": LANGUAGES})


@require_perm(processing.PERMISSION)
@require_GET
@never_cache
def processing_download(request, fmt):
    """The document as `fmt` (pdf, csv, xlsx) in ?lang= (German unless English is asked for).
    Small (a line per activity, rule and column): written in the request."""
    organisation = _organisation(request)
    language = request.GET.get("lang") if request.GET.get("lang") in LANGUAGES else LANGUAGES[0]
    with translation.override(language):
        document = processing.processing_record(organisation=organisation)
        record(request.user, "processing_record.exported", organisation_id=organisation.pk,
               details={"format": fmt, "language": language})
        if fmt == "csv":
            return csv_response(processing.processing_table(document))
        if fmt == "xlsx":
            table = processing.processing_table(document)
            buffer = io.BytesIO()
            write_xlsx(table, buffer)
            content, name = buffer.getvalue(), f"{table.filename}.xlsx"
        else:
            content = processing.processing_pdf(document)
            name = f"verarbeitungsverzeichnis-{organisation.code.lower()}.pdf"
    response = HttpResponse(content, content_type=FORMATS[fmt][0])
    response["Content-Disposition"] = content_disposition_header(True, name)
    response["Cache-Control"] = "no-store"
    return response
