"""Country information: counselling contacts in countries of origin, virtual counselling
with them, and country-information requests (Länderanfragen) that become anonymised knowledge."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from apps.core.fields import EncryptedTextField
from apps.core.models import AuditLabelMixin, VersionedModel


class ContactChannel(models.TextChoices):
    VIDEO = "video", _("Video call")
    WHATSAPP = "whatsapp", _("WhatsApp")
    VIBER = "viber", _("Viber")
    SIGNAL = "signal", _("Signal")
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("E-mail")


class OriginCountryContact(AuditLabelMixin, VersionedModel):
    """A counselling counterpart in a country of origin; the directory is network-wide."""

    audit_noun = "contact"

    country = CountryField(_("country"))
    organisation_name = models.CharField(_("organisation"), max_length=200)
    contact_person = models.CharField(_("contact person"), max_length=200, blank=True)
    languages = models.JSONField(_("languages (ISO 639)"), default=list, blank=True)
    channels = models.JSONField(_("channels"), default=list, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    video_link = models.URLField(_("video link"), blank=True)
    hours = models.CharField(_("hours"), max_length=200, blank=True,
                             help_text=_("Local time and time zone, e.g. “Sun–Thu 9:00–15:00 (UTC+4:30)”."))
    notes = models.TextField(_("notes"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["country", "organisation_name", "id"]
        indexes = [models.Index(fields=["country", "is_active"], name="origin_contact_country")]
        verbose_name = _("contact in a country of origin")
        verbose_name_plural = _("contacts in countries of origin")

    def __str__(self):
        return f"{self.organisation_name} ({self.country.name})"

    def channel_labels(self) -> list[str]:
        labels = dict(ContactChannel.choices)
        return [str(labels.get(code, code)) for code in self.channels]


class OriginPartnerConsent(models.Model):
    """The partner in the country of origin that a consent to disclosure names: virtual
    counselling with a contact and the handover of a reintegration plan to it need a consent
    naming exactly that contact (clients keeps the consent; the directory lives here)."""

    consent = models.OneToOneField("clients.Consent", on_delete=models.CASCADE, related_name="origin_partner")
    contact = models.ForeignKey(OriginCountryContact, verbose_name=_("partner in the country of origin"),
                                on_delete=models.PROTECT, related_name="consents")

    class Meta:
        verbose_name = _("consent to a partner in the country of origin")
        verbose_name_plural = _("consents to partners in the country of origin")

    def __str__(self):
        return str(self.contact)


class VirtualCounselling(AuditLabelMixin, VersionedModel):
    """A counselling session held with a counterpart in the country of origin.

    The session itself (participants, language, interpreter) is a cases.CounsellingSession
    with the channel virtual_origin_country; this adds the counterpart, the schedule and the
    outcome.
    """

    audit_noun = "virtual counselling"

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("scheduled")
        HELD = "held", _("held")
        CANCELLED = "cancelled", _("cancelled")

    session = models.OneToOneField("cases.CounsellingSession", on_delete=models.CASCADE,
                                   related_name="virtual_counselling")
    contact = models.ForeignKey(OriginCountryContact, verbose_name=_("contact"), on_delete=models.PROTECT,
                                related_name="virtual_counsellings")
    scheduled_for = models.DateTimeField(_("scheduled for"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.SCHEDULED)
    outcome = EncryptedTextField(_("outcome"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-scheduled_for", "-id"]
        verbose_name = _("virtual counselling")
        verbose_name_plural = _("virtual counselling sessions")

    def __str__(self):
        return f"{self.contact.organisation_name} {self.scheduled_for:%d.%m.%Y %H:%M}"


class RequestTopic(models.TextChoices):
    MEDICAL_CARE = "medical_care", _("Medical care")
    LABOUR_AND_EDUCATION = "labour_education", _("Labour market and education")
    HOUSING = "housing", _("Housing")
    SOCIAL_SERVICES = "social_services", _("Social services")
    VULNERABLE_PERSONS = "vulnerable_persons", _("Vulnerable persons")
    OTHER = "other", _("Other")


class CountryInformationRequest(AuditLabelMixin, VersionedModel):
    """A question about the situation in a country of origin: a Länderanfrage (country-information
    request). "Fachanfrage" means only the expert question to the Kompetenzzentrum (apps.network).

    Question and answer are checked to carry no identifiers of the client (see
    identifiers.py), so that answered requests can serve every counsellor of the
    organisation as knowledge; the case link is internal and never part of that knowledge.
    """

    audit_noun = "country request"

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SENT = "sent", _("sent")
        ANSWERED = "answered", _("answered")

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT,
                                     related_name="country_information_requests")
    case = models.ForeignKey("cases.Case", verbose_name=_("case"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="country_information_requests")
    country = CountryField(_("country"))
    topic = models.CharField(_("topic"), max_length=24, choices=RequestTopic.choices)
    question = models.TextField(_("question"))
    recipient = models.ForeignKey(OriginCountryContact, verbose_name=_("sent to (directory)"), null=True,
                                  blank=True, on_delete=models.PROTECT, related_name="requests")
    sent_to = models.CharField(_("sent to (other)"), max_length=200, blank=True)
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["organisation", "status", "-answered_on"], name="country_request_knowledge"),
        ]
        verbose_name = _("country-information request")
        verbose_name_plural = _("country-information requests")

    def __str__(self):
        return f"{self.get_topic_display()} · {self.country.name}"

    @property
    def recipient_label(self) -> str:
        return self.recipient.organisation_name if self.recipient_id else self.sent_to
