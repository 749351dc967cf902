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
    payload = EncryptedTextField()
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
