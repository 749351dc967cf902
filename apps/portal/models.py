"""The portal's data: texts an administrator maintains per language, and accessibility feedback."""

from django.conf import settings
from django.core.validators import EmailValidator, MaxLengthValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.fields import EncryptedTextField
from apps.core.models import AuditLabelMixin, VersionedModel


class PortalText(AuditLabelMixin, VersionedModel):
    """One editable text (apps.portal.texts declares the keys) in one language.

    Language-independent texts (a phone number) are stored once, with language "".
    """

    audit_noun = "portal text"

    key = models.CharField(_("text"), max_length=40)
    language = models.CharField(_("language"), max_length=10, blank=True)
    value = models.TextField(_("value"), blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["key", "language"]
        constraints = [models.UniqueConstraint(fields=["key", "language"], name="portal_text_key_language")]
        verbose_name = _("portal text")
        verbose_name_plural = _("portal texts")

    def __str__(self):
        return f"{self.key} [{self.language or '*'}]"


class AccessibilityFeedback(AuditLabelMixin, models.Model):
    """A barrier reported through the accessibility statement's feedback route (BITV 2.0 § 7)."""

    audit_noun = "accessibility feedback"

    # A member of the public's name, address and words: encrypted at rest (nothing searches
    # them; the list goes by date). max_length is checked by the form, not by the column.
    name = EncryptedTextField(_("name"), max_length=200, blank=True, validators=[MaxLengthValidator(200)])
    email = EncryptedTextField(_("e-mail"), max_length=254, blank=True,
                               validators=[MaxLengthValidator(254), EmailValidator()])
    message = EncryptedTextField(_("message"))
    page = models.CharField(_("page"), max_length=300, blank=True)
    language = models.CharField(_("language"), max_length=10)
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("accessibility feedback")
        verbose_name_plural = _("accessibility feedback")

    def __str__(self):
        return f"{self.received_at:%Y-%m-%d} {self.page}"
