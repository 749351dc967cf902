"""The audit log for data protection officers: a filtered list and its export (apps.audit.exports:
a CSV link for small logs, CSV or Excel in the background for any size).

Reading the log is itself a read of personal data, so both views record who read which
part of it (action codes audit.viewed and audit.exported, the filters in the details).
"""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from apps.accounts.selectors import organisation_ids_with
from apps.audit import exports, selectors
from apps.audit.forms import AuditFilterForm
from apps.audit.services import record
from apps.core.exports import csv_response
from apps.core.permissions import require_perm

PAGE_SIZE = 50


@require_perm("audit.read")
@require_GET
@never_cache
def entry_list(request):
    form = AuditFilterForm(request.GET)
    if not form.is_valid():
        # Nothing is read, so nothing is recorded; the form keeps the input next to the errors.
        return render(request, "audit/entry_list.html", {"form": form, "page": None, "entries": []})
    entries = selectors.search_entries(request.user, **form.filters())
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    _record_read(request.user, "audit.viewed", {
        "filters": form.audit_details(), "page": page.number, "shown": len(rows),
    })
    return render(request, "audit/entry_list.html", {
        "form": form, "page": page, "entries": rows, "export_kind": exports.KIND,
        "export_params": [(name, value) for name, value in request.GET.items() if name in form.fields and value],
        "inline_export": page.paginator.count <= settings.EXPORT_INLINE_MAX_ROWS,
    })


@require_perm("audit.read")
@require_GET
@never_cache
def entry_export(request):
    """The filtered log as CSV, streamed, as it stood when the export was requested. A log
    larger than settings.EXPORT_INLINE_MAX_ROWS is exported on the job queue instead: the page
    offers that (a POST to jobs:export_request), this link then only says so."""
    form = AuditFilterForm(request.GET)
    if not form.is_valid():
        return redirect(f"{reverse('audit:list')}?{request.GET.urlencode()}")
    params = exports.clean(request.user, request.GET.dict())
    found, _form = exports.entries(request.user, params)
    if found.count() > settings.EXPORT_INLINE_MAX_ROWS:
        messages.info(request, _("This log is too large to download directly. Start the export in the "
                                 "background; you will find it under “My exports”."))
        return redirect(f"{reverse('audit:list')}?{request.GET.urlencode()}")
    return csv_response(exports.build(request.user, params))


def _record_read(user, action: str, details: dict) -> None:
    """One entry per organisation whose log the user can read, so that each organisation's
    data protection officer sees in their own log that it was read."""
    with transaction.atomic():
        for organisation_id in organisation_ids_with(user, "audit.read"):
            record(user, action, organisation_id=organisation_id, details=details)
