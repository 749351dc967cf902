"""The service directory, referrals out of a case and referrals into counselling.

Outgoing: a counsellor refers a household member to a service (Verweisberatung); only the
fields the client agreed to share travel, as a snapshot taken when the referral is sent.
Incoming: partner staff refer a person to a counselling organisation with minimal data and
afterwards see nothing but the status.
"""

from django.conf import settings
from django.core.validators import EmailValidator, MaxLengthValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.fields import EncryptedPhoneField, EncryptedTextField
from apps.core.i18n_data import translated
from apps.core.models import AuditLabelMixin, VersionedModel


class ServiceType(models.Model):
    """A kind of service (legal advice, medical, …); the list is data with stable codes."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    # Trafficking, trauma, health, addiction, violence: a referral to such a service reveals
    # special categories of data (GDPR Art. 9), like a sensitive vulnerability.
    is_sensitive = models.BooleanField(
        _("reveals special categories of data"), default=False,
        help_text=_("Referrals to services of this type are shown only to users who may read sensitive "
                    "information."))
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("service type")
        verbose_name_plural = _("service types")

    def __str__(self):
        return translated(self, "name")


class Service(AuditLabelMixin, VersionedModel):
    """An entry of the service directory. Its provider is an organisation, so that a
    client's consent to a referral can name it as the recipient."""

    audit_noun = "service"

    provider = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("provider"), on_delete=models.PROTECT, related_name="services"
    )
    name = models.CharField(_("name"), max_length=200)
    service_types = models.ManyToManyField(ServiceType, verbose_name=_("service types"), related_name="services")
    districts = models.ManyToManyField(
        "regions.District", verbose_name=_("districts served"), blank=True, related_name="+"
    )
    statewide = models.BooleanField(_("serves the whole state"), default=False)
    languages = models.JSONField(_("languages (ISO 639)"), default=list, blank=True)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=5, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    opening_hours = models.TextField(_("opening hours"), blank=True)
    accessibility = models.TextField(_("accessibility"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["is_active", "name"], name="service_active_name")]
        verbose_name = _("service")
        verbose_name_plural = _("services")

    def __str__(self):
        return self.name

    @property
    def is_sensitive(self) -> bool:
        """A referral here reveals special categories of data if any of the service's types does."""
        return self.service_types.filter(is_sensitive=True).exists()

    @property
    def address(self) -> str:
        return ", ".join(part for part in (self.street, f"{self.postcode} {self.city}".strip()) if part)


class ReferralStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    SENT = "sent", _("sent")
    ACCEPTED = "accepted", _("accepted")
    COMPLETED = "completed", _("completed")
    DECLINED = "declined", _("declined")
    NO_RESPONSE = "no_response", _("no response")


class SharedField(models.TextChoices):
    """What may travel with a referral; the client chooses, the consent covers it."""

    NAME = "name", _("Name")
    BIRTH_DATE = "birth_date", _("Date of birth")
    NATIONALITIES = "nationalities", _("Nationalities")
    LANGUAGES = "languages", _("Languages")
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("E-mail")
    ADDRESS = "address", _("Address and district")
    REASON = "reason", _("Reason for the referral")


class Referral(AuditLabelMixin, VersionedModel):
    audit_noun = "referral"

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="referrals")
    service = models.ForeignKey(Service, verbose_name=_("service"), on_delete=models.PROTECT,
                                related_name="referrals")
    person = models.ForeignKey("clients.Person", verbose_name=_("person"), on_delete=models.PROTECT,
                               related_name="referrals")
    reason = EncryptedTextField(_("reason"))
    shared_fields = models.JSONField(_("information to share"), default=list)
    consent = models.ForeignKey("clients.Consent", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="referrals")
    # The provider the referral was sent to, pinned when it is sent: a later change of the
    # service's provider must not move the referral (and its snapshot) to another organisation.
    recipient_organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("recipient"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="referrals_received",
    )
    # JSON snapshot of exactly the shared fields, taken when the referral is sent.
    shared_data = EncryptedTextField(_("data shared with the recipient"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=ReferralStatus.choices,
                              default=ReferralStatus.PROPOSED)
    provider_note = EncryptedTextField(_("note of the provider"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    follow_up_task = models.ForeignKey("cases.Task", null=True, blank=True, on_delete=models.SET_NULL,
                                       related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["case", "-created_at"], name="referral_case"),
            models.Index(fields=["service", "status"], name="referral_service_status"),
            models.Index(fields=["status", "sent_at"], name="referral_status_sent"),
            # The home page's overdue widget walks referrals oldest first and stops at ten
            # (an OR over the follow-up task cannot use the status index): 188 → 11 ms at 1M cases.
            models.Index(fields=["sent_at", "id"], name="referral_sent_id"),
            models.Index(fields=["recipient_organisation", "-sent_at"], name="referral_recipient"),
        ]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")

    def __str__(self):
        return f"{self.service} ({self.get_status_display()})"

    @property
    def reference(self) -> str:
        """The sender's reference: the case reference and the referral number."""
        return f"{self.case.reference}/V{self.pk}"

    @property
    def number(self) -> str:
        """The referral number both sides quote; unlike `reference` it reveals nothing of the case."""
        return f"V-{self.pk}"

    @property
    def recipient_id(self) -> int:
        """The organisation the referral goes (or went) to: pinned once sent, else the service's provider."""
        return self.recipient_organisation_id or self.service.provider_id


class Urgency(models.TextChoices):
    NORMAL = "normal", _("normal")
    URGENT = "urgent", _("urgent")


class IncomingStatus(models.TextChoices):
    RECEIVED = "received", _("received")
    APPOINTMENT_OFFERED = "appointment_offered", _("appointment offered")
    COUNSELLING_STARTED = "counselling_started", _("counselling started")
    DECLINED = "declined", _("declined")


class DeclineReason(models.TextChoices):
    """Neutral reasons: the submitter learns that, not why in any personal detail."""

    NOT_REACHED = "not_reached", _("The person could not be reached")
    NO_LONGER_WANTED = "no_longer_wanted", _("The person no longer wishes counselling")
    OTHER_SERVICE = "other_service", _("Another service is better suited")
    NO_CAPACITY = "no_capacity", _("No capacity at the moment")
    OTHER = "other", _("Other")


class IncomingReferral(VersionedModel):
    from_organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT,
                                          related_name="referrals_submitted")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    to_organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("counselling organisation"), on_delete=models.PROTECT,
        related_name="referrals_incoming",
    )
    # Names and contacts of someone who is not (yet) a client: encrypted at rest, since nothing
    # searches or sorts by them (lists go by date; the duplicate check searches the persons'
    # name tokens with these names). max_length is checked by model validation. Phone: E.164.
    family_name = EncryptedTextField(_("family name"), max_length=150, validators=[MaxLengthValidator(150)])
    given_names = EncryptedTextField(_("given names"), max_length=150, blank=True,
                                     validators=[MaxLengthValidator(150)])
    phone = EncryptedPhoneField(_("phone"), blank=True, validators=[MaxLengthValidator(40)])
    email = EncryptedTextField(_("e-mail"), max_length=254, blank=True,
                               validators=[MaxLengthValidator(254), EmailValidator()])
    language = models.CharField(_("language (ISO 639)"), max_length=3)
    district = models.ForeignKey("regions.District", verbose_name=_("district"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    reason = EncryptedTextField(_("reason for the referral"))
    urgency = models.CharField(_("urgency"), max_length=8, choices=Urgency.choices, default=Urgency.NORMAL)
    consent_confirmed = models.BooleanField(
        _("The person agreed to be referred and to this data being passed on"), default=False
    )
    consent_form = models.CharField(_("form of the consent"), max_length=8,
                                    choices=[("oral", _("oral")), ("written", _("written"))])
    status = models.CharField(_("status"), max_length=20, choices=IncomingStatus.choices,
                              default=IncomingStatus.RECEIVED)
    decline_reason = models.CharField(_("reason"), max_length=20, choices=DeclineReason.choices, blank=True)
    appointment_at = models.DateTimeField(_("appointment"), null=True, blank=True)
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("received"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["to_organisation", "status", "-created_at"], name="incoming_to_status"),
            models.Index(fields=["from_organisation", "-created_at"], name="incoming_from"),
        ]
        verbose_name = _("incoming referral")
        verbose_name_plural = _("incoming referrals")

    def __str__(self):
        return f"incoming referral #{self.pk}"

    audit_label = property(__str__)

    @property
    def organisation_id(self):
        """Audit entries of an incoming referral belong to the receiving organisation."""
        return self.to_organisation_id
