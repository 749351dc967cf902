"""Retention rules and runs, legal holds, erasure requests, subject-access exports.

Persons and cases are named by plain integers (as in the audit log), not foreign keys:
privacy sits below the apps that hold them, and its records must outlive an erasure.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.fields import EncryptedTextField
from apps.core.models import AuditLabelMixin, VersionedModel


class RetentionRule(AuditLabelMixin, VersionedModel):
    """How long one kind of record is kept (apps.privacy.registry.RecordType), and what
    happens then. Rows without an organisation are the defaults every organisation uses
    until its data protection officer sets its own."""

    audit_noun = "retention rule"

    class Action(models.TextChoices):
        ANONYMISE = "anonymise", _("anonymise")
        DELETE = "delete", _("delete")

    organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.CASCADE,
        related_name="retention_rules", verbose_name=_("organisation"),
    )
    record_type = models.CharField(_("kind of record"), max_length=64)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    months = models.PositiveIntegerField(_("retention period in months"))
    legal_basis = models.TextField(_("legal basis"))
    source = models.TextField(_("source"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    unverified = models.BooleanField(_("unverified"), default=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "record_type"], name="retention_rule_unique"),
            models.UniqueConstraint(fields=["record_type"], condition=models.Q(organisation__isnull=True),
                                    name="retention_rule_default_unique"),
        ]
        ordering = ["record_type"]
        verbose_name = _("retention rule")
        verbose_name_plural = _("retention rules")


class RetentionRun(AuditLabelMixin, models.Model):
    """One run of the retention rules for one organisation: a dry run counts, a real run acts."""

    audit_noun = "retention run"

    class Status(models.TextChoices):
        WAITING = "waiting", _("waiting")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    dry_run = models.BooleanField(_("dry run"), default=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.WAITING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    as_of = models.DateTimeField(_("as of"), default=timezone.now)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # {record type code: {"due": n, "held": n, "anonymised": n, "deleted": n, "action": ..., "months": ...}}
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)
    task_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")


class LegalHold(AuditLabelMixin, models.Model):
    """A case whose records no retention rule may touch (litigation, an authority's request)."""

    audit_noun = "legal hold"

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    case_id = models.BigIntegerField(_("case"), db_index=True)
    case_reference = models.CharField(_("case reference"), max_length=40)
    reason = EncryptedTextField(_("reason"))
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    set_at = models.DateTimeField(_("set"), default=timezone.now)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    lifted_at = models.DateTimeField(_("lifted"), null=True, blank=True)
    lift_reason = EncryptedTextField(_("reason for lifting"), blank=True)

    class Meta:
        ordering = ["-set_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["case_id"], condition=models.Q(lifted_at__isnull=True),
                                    name="legal_hold_one_active_per_case"),
        ]
        verbose_name = _("legal hold")
        verbose_name_plural = _("legal holds")


class ErasureRequest(AuditLabelMixin, VersionedModel):
    """Erasure (or anonymisation) of one person on request, Art. 17 GDPR.

    An erasure of a person whose records are not yet due under the retention rules needs a
    second data protection officer's approval (two-person rule) before it runs."""

    audit_noun = "erasure request"

    class Mode(models.TextChoices):
        ERASE = "erase", _("erase")
        ANONYMISE = "anonymise", _("anonymise")

    class Status(models.TextChoices):
        AWAITING_APPROVAL = "awaiting_approval", _("awaiting a second approval")
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        REJECTED = "rejected", _("rejected")
        FAILED = "failed", _("failed")

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    person_id = models.BigIntegerField(_("person"), db_index=True)
    # Never a name: "person #12 (IOM-2026-000123)", so that the request outlives the erasure.
    subject_label = models.CharField(_("person"), max_length=120)
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices, default=Mode.ERASE)
    reason = EncryptedTextField(_("reason"))
    due = models.BooleanField(_("due under the retention rules"), default=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
    )
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    rejected_reason = EncryptedTextField(_("reason for the rejection"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    executed_at = models.DateTimeField(_("carried out"), null=True, blank=True)
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)
    task_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("erasure request")
        verbose_name_plural = _("erasure requests")


class SubjectAccessExport(AuditLabelMixin, models.Model):
    """All data of one person (Art. 15/20 GDPR) as a ZIP: a readable PDF in German and in
    the person's language, and JSON. Written on the job queue, stored encrypted, expiring."""

    audit_noun = "subject access export"

    class Status(models.TextChoices):
        WAITING = "waiting", _("waiting")
        RUNNING = "running", _("running")
        READY = "ready", _("ready")
        FAILED = "failed", _("failed")
        EXPIRED = "expired", _("expired")

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    person_id = models.BigIntegerField(_("person"), db_index=True)
    subject_label = models.CharField(_("person"), max_length=120)
    language = models.CharField(_("language"), max_length=10, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
    )
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.WAITING)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    stored_name = models.CharField(max_length=200, blank=True)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    records = models.PositiveIntegerField(_("records"), default=0)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    downloaded_at = models.DateTimeField(_("downloaded"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)
    task_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("subject-access export")
        verbose_name_plural = _("subject-access exports")


class RetentionSettings(VersionedModel):
    """Whether the daily retention run acts for an organisation. A data protection officer
    switches it on after reviewing a dry run (apps.privacy.services.retention_enable)."""

    organisation = models.OneToOneField("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    enabled = models.BooleanField(_("daily retention run switched on"), default=False)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    changed_at = models.DateTimeField(_("changed"), null=True, blank=True)

    class Meta:
        verbose_name = _("retention settings")
        verbose_name_plural = _("retention settings")
