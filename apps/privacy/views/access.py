"""Subject-access exports (Art. 15/20 GDPR): find a person, request the export, follow its
progress, download the ZIP. Only data protection officers (privacy.erase) of the person's
organisation; the services audit every search, request and download."""

from django.conf import settings
from django.contrib import messages
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from apps.core.permissions import require_perm
from apps.privacy import subject_access as service

PERMISSION = service.PERMISSION


@require_perm(PERMISSION)
@require_GET
@never_cache
def access_list(request):
    """The organisation's exports, and the search for a person whose data to export."""
    query = request.GET.get("q", "").strip()
    hits = service.subjects_search(actor=request.user, query=query) if query else []
    return render(request, "privacy/access_list.html", {
        "exports": service.access_exports_visible_to(request.user).select_related("requested_by")[:100],
        "query": query, "hits": hits, "searched": bool(query), "too_short": 0 < len(query) < 2,
        "retention_days": settings.EXPORT_RETENTION_DAYS})


@require_perm(PERMISSION)
@require_POST
def access_request(request):
    try:
        person_id = int(request.POST.get("person_id", ""))
    except ValueError:
        person_id = 0
    if not 0 < person_id < 2**63:  # not an id the database can hold
        messages.error(request, _("Choose a person from the search results."))
        return redirect("privacy:access")
    export = service.access_export_request(actor=request.user, person_id=person_id)
    messages.success(request, _("The export has been queued. This page shows its progress."))
    return redirect("privacy:access_detail", export.pk)


@require_perm(PERMISSION)
@require_GET
@never_cache
def access_detail(request, pk):
    export = service.access_export_for(request.user, pk)
    return render(request, "privacy/access_detail.html",
                  {"export": export, "pending": export.status in service.PENDING})


@require_perm(PERMISSION)
@require_GET
@never_cache
def access_status(request, pk):
    """The progress box, polled by htmx every 2 s while the export runs; when it has ended,
    htmx reloads the page so that the download link shows."""
    export = service.access_export_for(request.user, pk)
    pending = export.status in service.PENDING
    response = render(request, "privacy/access_status.html", {"export": export, "pending": pending})
    if getattr(request, "htmx", False) and not pending:
        response["HX-Refresh"] = "true"
    return response


@require_perm(PERMISSION)
@require_GET
@never_cache
def access_download(request, pk):
    export = service.access_export_for(request.user, pk)
    chunks = service.access_export_open(actor=request.user, export=export)
    response = StreamingHttpResponse(chunks, content_type="application/zip")
    response["Content-Disposition"] = content_disposition_header(True, service.download_name(export))
    response["Content-Length"] = str(export.size)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response
