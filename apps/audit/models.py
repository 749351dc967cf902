"""The append-only access and change log."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.audit import labels


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("audit entries cannot be changed")

    def delete(self):
        raise PermissionError("audit entries cannot be deleted")


class AuditEntry(models.Model):
    """One read or write of personal data, or a security event.

    case_id and person_id are plain integers, not foreign keys: the log must outlive the
    records it speaks of (erasure) and never block their deletion.
    """

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.DO_NOTHING,
        db_constraint=False, related_name="+", verbose_name=_("user"),
    )
    actor_email = models.CharField(_("user e-mail"), max_length=254, blank=True)
    organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.DO_NOTHING,
        db_constraint=False, related_name="+", verbose_name=_("organisation"),
    )
    action = models.CharField(_("action"), max_length=64, db_index=True)
    object_type = models.CharField(_("object type"), max_length=40, blank=True)
    object_id = models.CharField(_("object id"), max_length=40, blank=True)
    object_label = models.CharField(_("object"), max_length=120, blank=True)
    case_id = models.BigIntegerField(_("case"), null=True, blank=True, db_index=True)
    person_id = models.BigIntegerField(_("person"), null=True, blank=True, db_index=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["organisation", "-at"], name="audit_org_at"),
            # The checkpoint job reads each organisation's entries after its last checkpoint.
            models.Index(fields=["organisation", "id"], name="audit_org_id"),
        ]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_email} {self.action} {self.object_label}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("audit entries cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("audit entries cannot be deleted")

    @property
    def action_label(self) -> str:
        """The action in words, in the user's language (the code stays what is stored)."""
        return labels.action_label(self.action)

    @property
    def object_display(self) -> str:
        """The object as kind and reference ("Eingehende Verweisung #2"), "" for none."""
        if not (self.object_type or self.object_label):
            return ""
        return labels.object_display(self.object_type, self.object_id, self.object_label)


class AuditCheckpoint(models.Model):
    """A keyed digest (HMAC-SHA256) over the entries of one organisation since its previous
    checkpoint, written by `manage.py audit_checkpoint` (periodic job), append-only itself.

    `chain` is the organisation id (0 for entries without organisation). The digest covers
    the previous checkpoint's digest and every entry with an id in (previous last_id,
    last_id], so a changed, deleted or inserted entry in that range breaks it;
    `entry_hashes` lists [id, short hash] per entry so that verification can name the first
    broken one. `cutoff`: entries written before it were due to be covered; one that turns
    up later with an earlier time was back-dated (verify_audit_chain).
    """

    chain = models.BigIntegerField(_("organisation"))
    first_id = models.BigIntegerField()
    last_id = models.BigIntegerField()
    entry_count = models.PositiveIntegerField()
    cutoff = models.DateTimeField()
    created_at = models.DateTimeField(default=timezone.now)
    previous_digest = models.CharField(max_length=64, blank=True)
    digest = models.CharField(max_length=64)
    entry_hashes = models.JSONField(default=list)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["chain", "last_id"]
        # One successor per checkpoint: two jobs running at once cannot fork a chain.
        constraints = [models.UniqueConstraint(fields=["chain", "previous_digest"], name="audit_checkpoint_successor")]
        indexes = [models.Index(fields=["chain", "last_id"], name="audit_checkpoint_chain_last")]
        verbose_name = _("audit checkpoint")
        verbose_name_plural = _("audit checkpoints")

    def __str__(self):
        return f"checkpoint {self.chain}:{self.first_id}-{self.last_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("audit checkpoints cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("audit checkpoints cannot be deleted")
