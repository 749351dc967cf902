"""Disclosures: the only way another organisation (an Ausländerbehörde) sees personal data.

A disclosure names the consent it rests on, the recipient, the purpose and exactly which
fields and documents are shared. Revoking it, or withdrawing the consent, ends access at
once (DESIGN.md §4, §6).
"""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.fields import EncryptedTextField
from apps.core.models import AuditLabelMixin, VersionedModel


class DisclosurePurpose(models.TextChoices):
    PROGRAMME_APPLICATION = "programme_application", _("Return programme application (e.g. REAG/GARP)")
    BORDER_CROSSING_CERTIFICATE = "border_crossing_certificate", _("Border crossing certificate (GÜB)")
    DEPARTURE_COORDINATION = "departure_coordination", _("Coordination of the departure")


class Disclosure(AuditLabelMixin, VersionedModel):
    audit_noun = "disclosure"

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="disclosures")
    consent = models.ForeignKey("clients.Consent", verbose_name=_("consent"), on_delete=models.PROTECT,
                                related_name="disclosures")
    recipient = models.ForeignKey("accounts.Organisation", verbose_name=_("recipient"), on_delete=models.PROTECT,
                                  related_name="disclosures_received")
    purpose = models.CharField(_("purpose"), max_length=40, choices=DisclosurePurpose.choices)
    # Codes of the disclosed fields (apps.disclosures.fields.DISCLOSABLE_FIELDS).
    fields = models.JSONField(_("disclosed fields"), default=list)
    documents = models.ManyToManyField("cases.Document", verbose_name=_("disclosed documents"), blank=True,
                                       related_name="disclosures")
    # The persons the disclosure concerns, pinned when it was made: the consenting person, and
    # the household's members at that moment if "household_members" was disclosed. People who
    # join the household later are not disclosed by it.
    persons = models.ManyToManyField("clients.Person", verbose_name=_("persons concerned"), blank=True,
                                     related_name="+")
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("disclosed on"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked on"), null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    confirmed_at = models.DateTimeField(_("confirmed on"), null=True, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "revoked_at"], name="disclosure_recipient")]
        verbose_name = _("disclosure")
        verbose_name_plural = _("disclosures")


class DisclosureMessage(AuditLabelMixin, models.Model):
    """A question of the authority or an answer of the counselling organisation."""

    audit_noun = "disclosure message"

    disclosure = models.ForeignKey(Disclosure, on_delete=models.CASCADE, related_name="messages")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = EncryptedTextField(_("message"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("message about a disclosure")
        verbose_name_plural = _("messages about disclosures")
        ordering = ["created_at", "id"]


class BorderCrossingCertificate(AuditLabelMixin, models.Model):
    """The GÜB the Ausländerbehörde issued, recorded by it on a disclosure (or by the counsellor)."""

    audit_noun = "border crossing certificate"

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="border_crossing_certificates")
    disclosure = models.ForeignKey(Disclosure, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="certificates")
    persons = models.ManyToManyField("clients.Person", verbose_name=_("persons"), related_name="+")
    number = EncryptedTextField(_("number"), max_length=60, blank=True, validators=[MaxLengthValidator(60)])
    issued_on = models.DateField(_("issued on"))
    valid_until = models.DateField(_("valid until"))
    issued_by = models.ForeignKey("accounts.Organisation", verbose_name=_("issued by"), on_delete=models.PROTECT,
                                  related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("border crossing certificate")
        verbose_name_plural = _("border crossing certificates")
