"""Exports in the background: request, run, download, expire (writes and the one selector).

A user requests an export of a registered kind (apps.core.exports.ExportKind) with its
parameters and a format; the kind validates them in the request, so bad input is a
translated message, never a failed job. A job (`apps.jobs.tasks.run_export`) re-checks the
user's permission, builds the file through the exporter base, writes it encrypted chunk by
chunk (apps.core.chunked) and records its progress every 1,000 rows in a short transaction of
its own, so the progress page sees it. Only the requester downloads the file; it expires after
settings.EXPORT_RETENTION_DAYS, when a periodic job deletes it. Requesting, finishing,
failing, downloading and expiring are audited in the export's organisation; downloading an
export of personal data is recorded as a read of personal data.
"""

import logging
import secrets
import tempfile
from datetime import datetime, timedelta

from cryptography.fernet import InvalidToken
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.selectors import organisation_ids_with, user_has_perm
from apps.audit.services import record
from apps.core.chunked import EncryptedChunkWriter, decrypt_chunks, export_storage
from apps.core.exports import FORMATS, export_kind, write_export
from apps.jobs.models import ExportFile

logger = logging.getLogger(__name__)
PROGRESS_EVERY = 1000  # rows (the exporter base calls back every 1,000 rows)
E = ExportFile


# --- Reads -------------------------------------------------------------------------------

def exports_of(user):
    """The exports the user requested: nobody else sees them, whatever their role."""
    if not getattr(user, "is_authenticated", False):
        return E.objects.none()
    return E.objects.filter(requested_by=user)


def export_for(user, pk: int) -> ExportFile:
    export = exports_of(user).filter(pk=pk).first()
    if export is None:
        raise Http404
    return export


# --- Request -----------------------------------------------------------------------------

def export_request(*, actor, kind_code: str, fmt: str, params: dict) -> ExportFile:
    """Validate and queue an export; ValidationError (translated) for anything unusable,
    PermissionDenied when the user may not request this kind."""
    kind = export_kind(kind_code or "")
    if kind is None:
        raise ValidationError(_("This export does not exist."))
    if not user_has_perm(actor, kind.permission):
        raise PermissionDenied
    if fmt not in kind.formats:
        raise ValidationError(_("This export is not available in the format %(format)s.")
                              % {"format": (fmt or "?")[:10]})
    cleaned = kind.clean(actor, dict(params)) if kind.clean else {}
    if kind.organisation:
        organisation_id = kind.organisation(actor, cleaned)
    else:
        organisation_id = (organisation_ids_with(actor, kind.permission) or [None])[0]
    with transaction.atomic():
        export = E.objects.create(requested_by=actor, organisation_id=organisation_id, kind=kind.code,
                                  params=cleaned, format=fmt)
        record(actor, "export.requested", export, organisation_id=organisation_id,
               details={"kind": kind.code, "format": fmt})
        transaction.on_commit(lambda: _enqueue(export.pk, organisation_id))
    return export


def _enqueue(export_id: int, organisation_id: int | None) -> None:
    from apps.jobs.tasks import run_export

    # organisation_id scopes the job on the jobs page of the organisation's administrators.
    result = run_export.enqueue(export_id=export_id, organisation_id=organisation_id)
    E.objects.filter(pk=export_id).update(task_id=result.id)


# --- Run (in the job) --------------------------------------------------------------------

def export_run(*, export_id: int) -> str:
    """Build and store one export. Runs outside any transaction: each progress update commits
    on its own, so the progress page sees it while the file is written."""
    now = timezone.now()
    # The claim: a job run twice (a retried job, two workers) builds the file once.
    if not E.objects.filter(pk=export_id, status=E.Status.WAITING).update(status=E.Status.RUNNING,
                                                                          started_at=now):
        return "not waiting"
    export = E.objects.select_related("requested_by").get(pk=export_id)
    try:
        _build(export)
    except (ValidationError, PermissionDenied) as error:
        _fail(export, _refusal(error))
        return "refused"
    except Exception:  # noqa: BLE001 - the user gets a message, the worker's log the traceback
        logger.exception("export %s (%s) failed", export.pk, export.kind)
        _fail(export, _("The export could not be written. Please request it again; if it fails again, "
                        "tell your administrator."))
        return "failed"
    return "done"


def _refusal(error) -> str:
    if isinstance(error, PermissionDenied):
        return _("You may no longer create this export.")
    return " ".join(error.messages)[:300]


def _build(export: ExportFile) -> None:
    user = export.requested_by
    kind = export_kind(export.kind)
    if kind is None:
        raise ValidationError(_("This export does not exist."))
    if not user.is_active or not user_has_perm(user, kind.permission):
        raise PermissionDenied

    def progress(rows: int) -> None:
        E.objects.filter(pk=export.pk).update(rows_done=rows)

    def total(table) -> None:
        if table.total is not None:
            E.objects.filter(pk=export.pk).update(rows_total=table.total)

    stored, size, (filename, rows) = save_encrypted(
        f"{export.pk}-{secrets.token_hex(8)}.rnx",
        lambda writer: write_export(kind, user, export.params, export.format, writer, progress, on_table=total))
    finished = timezone.now()
    with transaction.atomic():
        E.objects.filter(pk=export.pk).update(
            status=E.Status.DONE, rows_done=rows, filename=filename[:200], stored_name=stored, size=size,
            finished_at=finished, expires_at=finished + timedelta(days=settings.EXPORT_RETENTION_DAYS), error="")
        record(user, "export.finished", export, organisation_id=export.organisation_id,
               details={"kind": export.kind, "format": export.format, "rows": rows})


def _fail(export: ExportFile, message: str) -> None:
    with transaction.atomic():
        E.objects.filter(pk=export.pk).update(status=E.Status.FAILED, error=message[:300],
                                              finished_at=timezone.now())
        record(export.requested_by, "export.failed", export, organisation_id=export.organisation_id,
               details={"kind": export.kind, "format": export.format})


# --- Download ----------------------------------------------------------------------------

def export_open(*, actor, export: ExportFile):
    """The plaintext of a finished export as an iterator of chunks, with its content type;
    the download is audited (as a read of personal data for such kinds). Http404 when the
    file is gone (expired) or cannot be decrypted with any configured key."""
    if export.status != E.Status.DONE or not export.stored_name or export.requested_by_id != actor.pk:
        raise Http404
    if export.expires_at and export.expires_at <= timezone.now():
        raise Http404
    kind = export_kind(export.kind)
    personal = bool(kind and kind.personal_data)
    stream = open_decrypted(export.stored_name, what=f"export {export.pk}")
    record(actor, "export.downloaded", export, organisation_id=export.organisation_id,
           details={"kind": export.kind, "format": export.format, "rows": export.rows_done,
                    "personal_data": personal})
    return stream, FORMATS[export.format][0]


def save_encrypted(name: str, write):
    """Save what `write(writer)` writes, encrypted chunk by chunk, into the export storage
    under `name` (through a temporary file, so plaintext never reaches the disk). Returns the
    stored name, the encrypted size and what `write` returned (shared by the export centre and
    the subject-access exports of apps.privacy)."""
    with tempfile.TemporaryFile() as temporary:
        writer = EncryptedChunkWriter(temporary)
        result = write(writer)
        writer.close()
        temporary.seek(0)
        stored = export_storage().save(name, File(temporary))
    return stored, writer.tell(), result


def open_decrypted(stored_name: str, *, what: str):
    """The plaintext of an encrypted file in the export storage as a lazy iterator of chunks
    that closes the file when exhausted. The first chunk is decrypted here, so a missing file
    or one under no configured key is an Http404 before the caller audits a download (shared
    by the export centre and the subject-access exports of apps.privacy)."""
    try:
        source = export_storage().open(stored_name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    chunks = decrypt_chunks(source)
    try:
        first = next(chunks, b"")
    except InvalidToken:
        source.close()
        logger.error("%s cannot be decrypted with the configured keys", what)
        raise Http404 from None
    return _stream(first, chunks, source)


def _stream(first: bytes, chunks, source):
    try:
        if first:
            yield first
        yield from chunks
    finally:
        source.close()


# --- Expiry (periodic) -------------------------------------------------------------------

def hourly(now: datetime) -> str:
    return timezone.localtime(now).strftime("%Y-%m-%dT%H")


def exports_expire(*, now: datetime | None = None) -> int:
    """Delete the files of expired exports and mark them expired; also ends exports that
    failed, never ran or whose worker died long ago, so no row waits forever. Returns how
    many expired."""
    now = now or timezone.now()
    stale = now - timedelta(days=settings.EXPORT_RETENTION_DAYS)
    due = E.objects.filter(status=E.Status.DONE, expires_at__lte=now) | E.objects.filter(
        status__in=[E.Status.FAILED, E.Status.WAITING, E.Status.RUNNING], created_at__lte=stale)
    count = 0
    storage = export_storage()
    for export in due.select_related("requested_by"):
        if export.stored_name:
            storage.delete(export.stored_name)  # no error when it is already gone
        with transaction.atomic():
            E.objects.filter(pk=export.pk).update(status=E.Status.EXPIRED, stored_name="")
            record(None, "export.expired", export, organisation_id=export.organisation_id,
                   details={"kind": export.kind})
        count += 1
    return count
