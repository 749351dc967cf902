"""Abstract building blocks for the models of every app."""

from django.db import models


class VersionedModel(models.Model):
    """A record written under optimistic locking: every update names the version it was
    based on (see apps.core.locking.claim_version)."""

    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True


class AuditLabelMixin:
    """Names the record in audit entries as "<audit_noun> #<pk>", never by personal data."""

    audit_noun = ""

    @property
    def audit_label(self) -> str:
        return f"{self.audit_noun} #{self.pk}"
