"""The outbox: every e-mail and SMS, stored (encrypted) in the transaction that caused it and
delivered by a background job with retries; plus the record of periodic runs already enqueued."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.fields import EncryptedTextField
from apps.core.models import AuditLabelMixin


class OutboundMessage(AuditLabelMixin, models.Model):
    audit_noun = "outbound message"

    class Channel(models.TextChoices):
        EMAIL = "email", _("e-mail")
        SMS = "sms", _("SMS")

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.PENDING)
    # Scope of the jobs page: the organisation the message is sent for, else (sign-in mails)
    # the organisations of the staff member it goes to.
    organisation = models.ForeignKey("accounts.Organisation", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    recipient_user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                       on_delete=models.SET_NULL, related_name="+")
    purpose = models.CharField(_("purpose"), max_length=60, blank=True)
    recipient_hint = models.CharField(_("recipient"), max_length=80, blank=True)  # masked
    # Addresses, subject and text as JSON: they may name people, so only ciphertext is stored.
    payload = EncryptedTextField(_("content"))
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    attempted_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    task_id = models.CharField(max_length=64, blank=True)  # the delivery job enqueued last
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_status_next_idx")]
        verbose_name = _("outbound message")
        verbose_name_plural = _("outbound messages")


class ScheduledRun(models.Model):
    """One periodic job enqueued for one period (e.g. reminders for a date): the unique pair
    makes the scheduler idempotent, however often and on however many machines it runs."""

    name = models.CharField(max_length=60)
    period = models.CharField(max_length=40)
    task_id = models.CharField(max_length=64, blank=True)
    enqueued_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-enqueued_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["name", "period"], name="scheduled_run_once_per_period")]


class ExportFile(AuditLabelMixin, models.Model):
    """One export a user requested (apps.jobs.exports): what, for whom, how far the job got, and
    where its encrypted file lies until it expires. Only the requester downloads it."""

    audit_noun = "export"

    class Status(models.TextChoices):
        WAITING = "waiting", _("waiting")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")
        EXPIRED = "expired", _("expired")

    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # Whose audit log records it (the organisation the kind names for the request).
    organisation = models.ForeignKey("accounts.Organisation", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    kind = models.CharField(_("kind"), max_length=80)
    params = models.JSONField(default=dict, blank=True)  # ids, codes and dates only, never names
    format = models.CharField(_("format"), max_length=8)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.WAITING)
    rows_done = models.PositiveIntegerField(_("rows written"), default=0)
    rows_total = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    stored_name = models.CharField(max_length=200, blank=True)  # name in the "exports" storage
    size = models.PositiveBigIntegerField(_("size"), null=True, blank=True)  # plaintext bytes
    error = models.CharField(_("error"), max_length=300, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(_("requested"), default=timezone.now)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["requested_by", "-created_at"], name="export_requester_idx"),
                   models.Index(fields=["status", "expires_at"], name="export_status_expiry_idx")]
        verbose_name = _("export")
        verbose_name_plural = _("exports")

    @property
    def pending(self) -> bool:
        return self.status in (self.Status.WAITING, self.Status.RUNNING)

    @property
    def kind_title(self):
        from apps.core.exports import export_kind

        kind = export_kind(self.kind)
        return kind.title if kind else self.kind

    @property
    def percent(self) -> int | None:
        if not self.rows_total:
            return None
        return min(100, self.rows_done * 100 // self.rows_total)
