"""Exports of the signed-in user: request one, follow its progress, download it ("Meine Exporte").

Every signed-in user reaches these pages, and sees only their own exports (another user's
export is a 404). Which kinds a user may request is the kind's permission, checked by the
service; the file itself is served only to its requester, decrypted while it streams.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from apps.core.permissions import require_login
from apps.jobs import exports

# Fields of the request form that are not parameters of the export.
NOT_PARAMS = {"csrfmiddlewaretoken", "kind", "format", "next"}


@require_login
@require_GET
@never_cache
def export_list(request):
    return render(request, "jobs/export_list.html", {"exports": exports.exports_of(request.user)[:100],
                                                     "retention_days": settings.EXPORT_RETENTION_DAYS})


@require_login
@require_POST
def export_request(request):
    """Queue an export from a form on the page that offers it: `kind`, `format`, and the kind's
    parameters as further fields. Bad parameters go back to that page with the message."""
    params = {key: (values if len(values) > 1 else values[0])
              for key, values in request.POST.lists() if key not in NOT_PARAMS}
    try:
        export = exports.export_request(actor=request.user, kind_code=request.POST.get("kind", ""),
                                        fmt=request.POST.get("format", ""), params=params)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(_back(request))
    return redirect("jobs:export_detail", export.pk)


def _back(request) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return "jobs:exports"


@require_login
@require_GET
@never_cache
def export_detail(request, pk):
    export = exports.export_for(request.user, pk)
    return render(request, "jobs/export_detail.html", {"export": export})


@require_login
@require_GET
@never_cache
def export_status(request, pk):
    """The progress box (polled by htmx every 2 s while the export runs); when it has finished,
    htmx reloads the page so that the download link shows."""
    export = exports.export_for(request.user, pk)
    response = render(request, "jobs/_export_status.html", {"export": export})
    if getattr(request, "htmx", False) and not export.pending:
        response["HX-Refresh"] = "true"
    return response


@require_login
@require_GET
@never_cache
def export_download(request, pk):
    export = exports.export_for(request.user, pk)
    chunks, content_type = exports.export_open(actor=request.user, export=export)
    response = StreamingHttpResponse(chunks, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, export.filename or f"export.{export.format}")
    if export.size is not None:
        response["Content-Length"] = str(export.size)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response
