"""Subject-access export (Art. 15 and 20 GDPR): every record of one person, as a ZIP.

The data protection officer (privacy.erase) finds a person of their organisation through the
subject finder (apps.privacy.registry, registered by cases) and requests an export. A job
(`apps.privacy.tasks_access.run_subject_access_export`) asks every registered subject source
for its records about the person (the sources decide what concerns the person, and leave out
what concerns only other members of the household) and writes one ZIP:

- `data.json`: the person and every record (source, kind, title, time, fields, its files),
  machine-readable (Art. 20);
- `auskunft-de.pdf` and, for a person who reads another client language,
  `auskunft-<language>.pdf` (apps.privacy.access_pdf);
- `documents/`: the person's documents, decrypted, as they were uploaded.

The ZIP is written straight through the exports' chunked encryption (apps.core.chunked) into
the "exports" storage, so no plaintext touches the disk; it expires after
settings.EXPORT_RETENTION_DAYS, when a periodic job deletes the file. Every data protection
officer of the organisation sees its exports and may download them (one of them hands the
file to the person). Requesting, finishing, failing, downloading and expiring are audited
with the person's id and counts, never a name; the searches too (with the number of hits).
"""

import json
import logging
import os
import secrets
import zipfile
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from apps.accounts.selectors import ensure_perm, organisation_ids_with, user_has_perm
from apps.audit.services import record
from apps.core.chunked import export_storage
from apps.jobs.exports import open_decrypted, save_encrypted
from apps.privacy import registry
from apps.privacy.access_pdf import access_pdf, pdf_language
from apps.privacy.models import SubjectAccessExport

logger = logging.getLogger(__name__)
PERMISSION = "privacy.erase"
FORMAT = "returnnet-subject-access/1"
GERMAN = "de"  # the readable copy every export holds, whatever the person reads
AUDIT = "audit"  # the audit log's entries about the person (unless an app registers them as a source)
E = SubjectAccessExport
PENDING = (E.Status.WAITING, E.Status.RUNNING)


# --- Reads -------------------------------------------------------------------------------

def access_exports_visible_to(user):
    """The exports of the organisations where the user is a data protection officer."""
    if not getattr(user, "is_authenticated", False):
        return E.objects.none()
    return E.objects.filter(organisation_id__in=organisation_ids_with(user, PERMISSION))


def access_export_for(user, pk: int) -> SubjectAccessExport:
    export = access_exports_visible_to(user).filter(pk=pk).first()
    if export is None:
        raise Http404
    return export


def subjects_search(*, actor, query: str) -> list[registry.SubjectInfo]:
    """Persons of the actor's organisations matching `query` (name, case reference or id).
    Audited with the number of hits; the query itself (a name) is never recorded."""
    query = (query or "").strip()[:100]
    organisation_ids = organisation_ids_with(actor, PERMISSION)
    if len(query) < 2 or not organisation_ids:
        return []
    hits = [hit for hit in registry.subject_finder().search(organisation_ids, query)
            if hit.organisation_id in organisation_ids]
    record(actor, "subject_access.searched", organisation_id=organisation_ids[0], details={"hits": len(hits)})
    return hits


def subject_for(*, actor, person_id: int) -> registry.SubjectInfo:
    """The person, if they belong to one of the actor's organisations; else Http404."""
    subject = registry.subject_finder().describe(person_id)
    if subject is None or subject.organisation_id not in organisation_ids_with(actor, PERMISSION):
        raise Http404
    return subject


def subject_label(person_id: int) -> str:
    # Never a name: the row and its audit entries outlive the person's erasure.
    return f"person #{person_id}"


# --- Request -----------------------------------------------------------------------------

def access_export_request(*, actor, person_id: int) -> SubjectAccessExport:
    subject = subject_for(actor=actor, person_id=person_id)
    ensure_perm(actor, PERMISSION, subject.organisation_id)
    language = pdf_language(subject.language)
    with transaction.atomic():
        export = E.objects.create(organisation_id=subject.organisation_id, person_id=subject.person_id,
                                  subject_label=subject_label(subject.person_id), language=language,
                                  requested_by=actor)
        record(actor, "subject_access_export.requested", export, organisation_id=export.organisation_id,
               person_id=export.person_id, details={"language": language})
        transaction.on_commit(lambda: _enqueue(export.pk, export.organisation_id))
    return export


def _enqueue(export_id: int, organisation_id: int) -> None:
    from apps.privacy.tasks_access import run_subject_access_export

    result = run_subject_access_export.enqueue(export_id=export_id, organisation_id=organisation_id)
    E.objects.filter(pk=export_id).update(task_id=result.id)


# --- Run (in the job) --------------------------------------------------------------------

def access_export_run(*, export_id: int) -> str:
    """Collect and store one export. Runs outside any transaction, so that each progress
    update commits on its own and the progress page sees it."""
    if not E.objects.filter(pk=export_id, status=E.Status.WAITING).update(status=E.Status.RUNNING, progress=1):
        return "not waiting"  # a retried job or a second worker: the file is written once
    export = E.objects.select_related("requested_by", "organisation").get(pk=export_id)
    try:
        _build(export)
    except (ValidationError, PermissionDenied) as error:
        _fail(export, _("You may no longer export this person's data.") if isinstance(error, PermissionDenied)
              else " ".join(error.messages))
        return "refused"
    except Exception:  # noqa: BLE001 - the officer gets a message, the worker's log the traceback
        logger.exception("subject-access export %s failed", export.pk)
        _fail(export, _("The export could not be written. Please request it again; if it fails again, "
                        "tell your administrator."))
        return "failed"
    return "done"


def _progress(export, percent: int) -> None:
    E.objects.filter(pk=export.pk).update(progress=max(1, min(99, percent)))


def collect(person_id: int, language: str, on_source=None, *, case_ids=()) -> list[tuple[str, registry.SubjectRecord]]:
    """(source code, record) of every source, the person's own data first (lowest order),
    then the audit log's entries about the person. Sources write their labels and values in
    the active language (apps.privacy.source_helpers), so this collects under `language`."""
    sources = list(reversed(registry.subject_sources()))
    collected = []
    with translation.override(language):
        for index, source in enumerate(sources, start=1):
            collected += [(source.code, item) for item in source.collect(person_id)]
            if on_source:
                on_source(index, len(sources))
        if not any(source.code == AUDIT for source in sources):
            collected += [(AUDIT, item) for item in audit_records(person_id, case_ids)]
    return collected


def audit_records(person_id: int, case_ids) -> list[registry.SubjectRecord]:
    """Who read or changed the person's data, and when (Art. 15 (1) (c)): the audit log's
    entries about the person, and those about their cases that name no other person. The
    staff member's name stays out (the controller's staff are not recipients); the
    organisation that acted is named."""
    from django.db.models import Q

    from apps.audit.models import AuditEntry

    entries = AuditEntry.objects.filter(
        Q(person_id=person_id) | Q(case_id__in=list(case_ids), person_id__isnull=True)
    ).select_related("organisation").order_by("at", "id")
    return [registry.SubjectRecord("audit_entry", _("Audit log entry"), {
        _("Action"): entry.action_label, _("Object"): entry.object_display,
        _("Organisation"): entry.organisation.name if entry.organisation_id and entry.organisation else ""},
        at=entry.at) for entry in entries.iterator()]


def zip_paths(collected) -> dict[int, list[str]]:
    """The ZIP paths of each record's files, by the record's index: numbered in order, so the
    same records give the same paths in every language's PDF."""
    paths, number = {}, 0
    for index, (_source, item) in enumerate(collected):
        for original, _content in item.files:
            number += 1
            paths.setdefault(index, []).append(f"documents/{number:03d}-{_safe_name(original)}")
    return paths


def _build(export: SubjectAccessExport) -> None:
    user = export.requested_by
    if user is None or not user.is_active or not user_has_perm(user, PERMISSION, export.organisation_id):
        raise PermissionDenied
    subject = registry.subject_finder().describe(export.person_id)
    if subject is None or subject.organisation_id != export.organisation_id:
        raise ValidationError(_("This person no longer exists in the organisation."))
    second = export.language if export.language and export.language != GERMAN else None
    share = 40 if second else 75
    case_ids = subject.whole_case_ids | subject.shared_case_ids
    collected = collect(export.person_id, GERMAN, lambda done, total: _progress(export, 5 + share * done // total),
                        case_ids=case_ids)
    now = timezone.now()
    stored, size, counts = save_encrypted(
        f"access-{export.pk}-{secrets.token_hex(8)}.rnx",
        lambda writer: _write_zip(writer, export, subject, collected, second, now, case_ids))
    finished = timezone.now()
    with transaction.atomic():
        E.objects.filter(pk=export.pk).update(
            status=E.Status.READY, progress=100, stored_name=stored, size=size, records=len(collected),
            finished_at=finished, expires_at=finished + timedelta(days=settings.EXPORT_RETENTION_DAYS), error="")
        record(user, "subject_access_export.finished", export, organisation_id=export.organisation_id,
               person_id=export.person_id, details=counts)


def _write_zip(target, export, subject, collected, second: str | None, now, case_ids) -> dict:
    """Write the ZIP into `target` (not seekable: zipfile streams with data descriptors).
    Returns the counts for the audit log (never a name)."""
    organisation = export.organisation.name
    paths = zip_paths(collected)
    counts = {"records": len(collected), "files": 0, "kinds": {}, "pdf_languages": [GERMAN]}
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for index, (_source, item) in enumerate(collected):
            counts["kinds"][item.kind] = counts["kinds"].get(item.kind, 0) + 1
            for path, (_original, content) in zip(paths.get(index, []), item.files, strict=True):
                archive.writestr(path, content)
                counts["files"] += 1
        archive.writestr("data.json", json.dumps(
            _data(export, subject, organisation, collected, paths, now), ensure_ascii=False, indent=2))
        archive.writestr(f"auskunft-{GERMAN}.pdf", access_pdf(
            language=GERMAN, organisation=organisation, person=subject.label,
            records=[item for _source, item in collected], files=paths, now=now))
        _progress(export, 50 if second else 90)
        if second:
            # Collected again in the person's language: the sources write labels and values in it.
            again = collect(export.person_id, second, lambda done, total: _progress(export, 50 + 40 * done // total),
                            case_ids=case_ids)
            archive.writestr(f"auskunft-{second}.pdf", access_pdf(
                language=second, organisation=organisation, person=subject.label,
                records=[item for _source, item in again], files=zip_paths(again), now=now))
            counts["pdf_languages"].append(second)
    return counts


def _safe_name(name: str) -> str:
    # Only the last part of the name, no path: a record's file name never leaves documents/.
    cleaned = get_valid_filename(os.path.basename(str(name).replace("\\", "/"))) if name else ""
    return cleaned[-80:] or "document"


def _data(export, subject, organisation, collected, file_names, now) -> dict:
    # Titles and labels in German, the organisation's language; codes stay stable for machines.
    with translation.override(GERMAN):
        return {
            "format": FORMAT,
            "generated_at": now.isoformat(),
            "controller": organisation,
            "person": {"id": subject.person_id, "label": subject.label, "names": list(subject.names),
                       "language": export.language},
            "records": [{"source": source, "kind": item.kind, "title": _plain(item.title), "at": _plain(item.at),
                         "fields": _plain(item.fields), "files": file_names.get(index, [])}
                        for index, (source, item) in enumerate(collected)],
        }


def _plain(value):
    """A value as JSON: lazy texts in the active language, dates as ISO 8601."""
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(item) for item in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _fail(export: SubjectAccessExport, message: str) -> None:
    with transaction.atomic():
        E.objects.filter(pk=export.pk).update(status=E.Status.FAILED, error=message[:300],
                                              finished_at=timezone.now())
        record(export.requested_by, "subject_access_export.failed", export, organisation_id=export.organisation_id,
               person_id=export.person_id)


# --- Download ----------------------------------------------------------------------------

def access_export_open(*, actor, export: SubjectAccessExport):
    """The plaintext ZIP as an iterator of chunks; audited as a read of the person's data.
    Http404 when the file is gone (expired) or decrypts under no configured key."""
    now = timezone.now()
    if export.status != E.Status.READY or not export.stored_name or (export.expires_at and export.expires_at <= now):
        raise Http404
    ensure_perm(actor, PERMISSION, export.organisation_id)
    stream = open_decrypted(export.stored_name, what=f"subject-access export {export.pk}")
    with transaction.atomic():
        E.objects.filter(pk=export.pk).update(downloaded_at=now)
        record(actor, "subject_access_export.downloaded", export, organisation_id=export.organisation_id,
               person_id=export.person_id, details={"records": export.records, "size": export.size})
    return stream


def download_name(export: SubjectAccessExport) -> str:
    return f"auskunft-person-{export.person_id}-{timezone.localdate(export.finished_at):%Y-%m-%d}.zip"


# --- Expiry (periodic) -------------------------------------------------------------------

def access_exports_expire(*, now: datetime | None = None) -> int:
    """Delete the files of expired exports and mark them expired; exports that failed or
    whose worker died long ago end too, so no row waits forever. Returns how many expired."""
    now = now or timezone.now()
    stale = now - timedelta(days=settings.EXPORT_RETENTION_DAYS)
    due = E.objects.filter(status=E.Status.READY, expires_at__lte=now) | E.objects.filter(
        status__in=[E.Status.FAILED, *PENDING], requested_at__lte=stale)
    storage = export_storage()
    count = 0
    for export in due:
        if export.stored_name:
            storage.delete(export.stored_name)  # no error when it is already gone
        with transaction.atomic():
            E.objects.filter(pk=export.pk).update(status=E.Status.EXPIRED, stored_name="", progress=0)
            record(None, "subject_access_export.expired", export, organisation_id=export.organisation_id,
                   person_id=export.person_id)
        count += 1
    return count

