"""The audit log as an export of the exporter base (apps.core.exports), kind "audit.log".

The file holds the log as it stood when the export was requested: `clean` fixes the newest
entry id at that moment, so the export's own entries (requested, exported, finished) and
everything later stay out of the file it describes. Building it records one audit.exported
entry in each organisation whose log the user reads, so every data protection officer sees in
their own log that it was read. The log is read from the primary, not the replica: a lagging
replica would silently cut the newest entries from a compliance record.
"""

import json

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.accounts.selectors import organisation_ids_with
from apps.audit import selectors
from apps.audit.forms import AuditFilterForm
from apps.audit.models import AuditEntry
from apps.audit.services import record
from apps.core.exports import Column, ExportKind, Table

KIND = "audit.log"
CHUNK = 2000


def clean(user, params: dict) -> dict:
    """The filters as the form reads them, and the snapshot (newest entry id now)."""
    form = AuditFilterForm({k: v for k, v in params.items() if k in AuditFilterForm.base_fields})
    if not form.is_valid():
        raise ValidationError([m for errors in form.errors.values() for m in errors])
    filters = {name: str(form.data[name]) for name in form.fields if form.data.get(name) not in (None, "")}
    last_id = AuditEntry.objects.aggregate(last=Max("id"))["last"] or 0
    return {"filters": filters, "last_id": last_id}


def entries(user, params: dict) -> tuple[QuerySet[AuditEntry], AuditFilterForm]:
    form = AuditFilterForm(params.get("filters", {}))
    if not form.is_valid():  # validated in clean(); the form may have changed since
        raise ValidationError([m for errors in form.errors.values() for m in errors])
    found = selectors.search_entries(user, **form.filters()).filter(id__lte=int(params.get("last_id", 0)))
    return found, form


def build(user, params: dict) -> Table:
    found, form = entries(user, params)
    total = found.count()
    with transaction.atomic():
        for organisation_id in organisation_ids_with(user, "audit.read"):
            record(user, "audit.exported", organisation_id=organisation_id,
                   details={"filters": form.audit_details(), "rows": total})
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return Table(title=_("Audit log"), filename=f"audit-log-{stamp}", columns=columns(), total=total,
                 rows=found.select_related("organisation").iterator(chunk_size=CHUNK))


def columns() -> list[Column]:
    # Headers translated here, when the table is built (in the request or the job).
    return [
        Column(_("Time"), lambda e: e.at),
        Column(_("User e-mail"), lambda e: e.actor_email),
        Column(_("Organisation"), lambda e: e.organisation.name if e.organisation else ""),
        Column(_("Action"), lambda e: e.action),
        Column(_("Object type"), lambda e: e.object_type),
        Column(_("Object ID"), lambda e: e.object_id),
        Column(_("Object"), lambda e: e.object_label),
        Column(_("Case ID"), lambda e: e.case_id),
        Column(_("Person ID"), lambda e: e.person_id),
        Column(_("IP address"), lambda e: e.ip),
        Column(_("Details"), lambda e: json.dumps(e.details, ensure_ascii=False, sort_keys=True) if e.details else ""),
    ]


AUDIT_LOG = ExportKind(code=KIND, title=gettext_lazy("Audit log"), permission="audit.read", build=build,
                       clean=clean, personal_data=True)
