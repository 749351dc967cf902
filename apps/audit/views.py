"""The audit log for data protection officers: a filtered list and a CSV export.

Reading the log is itself a read of personal data, so both views record who read which
part of it (action codes audit.viewed and audit.exported, the filters in the details).
"""

import csv
import json
from collections.abc import Iterator

from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Max, QuerySet
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from apps.accounts.selectors import organisation_ids_with
from apps.audit import selectors
from apps.audit.forms import AuditFilterForm
from apps.audit.models import AuditEntry
from apps.audit.services import record
from apps.core.permissions import require_perm

PAGE_SIZE = 50
EXPORT_CHUNK = 2000
# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


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
    return render(request, "audit/entry_list.html", {"form": form, "page": page, "entries": rows})


@require_perm("audit.read")
@require_GET
@never_cache
def entry_export(request):
    """The filtered log as CSV, streamed, as it stood when the export was requested."""
    form = AuditFilterForm(request.GET)
    if not form.is_valid():
        return redirect(f"{reverse('audit:list')}?{request.GET.urlencode()}")
    entries = selectors.search_entries(request.user, **form.filters())
    # The snapshot keeps the export's own entry (and later ones) out of the file it describes.
    last_id = AuditEntry.objects.aggregate(last=Max("id"))["last"] or 0
    entries = entries.filter(id__lte=last_id)
    _record_read(request.user, "audit.exported", {"filters": form.audit_details(), "rows": entries.count()})
    response = StreamingHttpResponse(
        _csv_lines(entries, _csv_header()), content_type="text/csv; charset=utf-8"
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="audit-log-{stamp}.csv"'
    return response


def _record_read(user, action: str, details: dict) -> None:
    """One entry per organisation whose log the user can read, so that each organisation's
    data protection officer sees in their own log that it was read."""
    with transaction.atomic():
        for organisation_id in organisation_ids_with(user, "audit.read"):
            record(user, action, organisation_id=organisation_id, details=details)


def csv_safe(value) -> str:
    """The value as text that a spreadsheet shows but never evaluates."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_PREFIXES) else text


def _csv_header() -> list[str]:
    # Translated here, in the request, not later while the response streams.
    return [
        _("Time"), _("User e-mail"), _("Organisation"), _("Action"), _("Object type"), _("Object ID"),
        _("Object"), _("Case ID"), _("Person ID"), _("IP address"), _("Details"),
    ]


def _csv_row(entry: AuditEntry) -> list:
    return [
        timezone.localtime(entry.at).isoformat(timespec="seconds"),
        entry.actor_email,
        entry.organisation.name if entry.organisation else "",
        entry.action,
        entry.object_type,
        entry.object_id,
        entry.object_label,
        entry.case_id,
        entry.person_id,
        entry.ip,
        json.dumps(entry.details, ensure_ascii=False, sort_keys=True) if entry.details else "",
    ]


class _Echo:
    """csv.writer writes into this and gets the line back, so lines can be streamed."""

    def write(self, value: str) -> str:
        return value


def _csv_lines(entries: QuerySet[AuditEntry], header: list[str]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # byte order mark: spreadsheet programs then read the file as UTF-8
    yield writer.writerow([csv_safe(value) for value in header])
    for entry in entries.iterator(chunk_size=EXPORT_CHUNK):
        yield writer.writerow([csv_safe(value) for value in _csv_row(entry)])
