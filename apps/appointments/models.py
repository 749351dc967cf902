"""Bookings of slots on counselling days, and the secret tokens behind calendar feeds."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.fields import EncryptedTextField
from apps.core.models import AuditLabelMixin, VersionedModel


class Appointment(AuditLabelMixin, VersionedModel):
    """One booking of one slot. At most one active booking (cancelled_at null) per slot."""

    audit_noun = "appointment"

    class Status(models.TextChoices):
        BOOKED = "booked", _("booked")
        CANCELLED = "cancelled", _("cancelled")
        NO_SHOW = "no_show", _("did not come")
        ATTENDED = "attended", _("attended")

    class Channel(models.TextChoices):
        STAFF = "staff", _("booked by staff")
        PUBLIC = "public", _("booked online")

    slot = models.ForeignKey("mobile.Slot", verbose_name=_("slot"), on_delete=models.PROTECT,
                             related_name="appointments")
    # Denormalised from the slot: lists and notices select by day.
    day = models.ForeignKey("mobile.MobileCounsellingDay", verbose_name=_("counselling day"),
                            on_delete=models.PROTECT, related_name="appointments")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("clients.Person", verbose_name=_("client"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="appointments")
    pseudonym = models.CharField(_("pseudonym"), max_length=80, blank=True)
    phone = EncryptedTextField(_("phone number"), blank=True)
    # Keyed hash of the normalised phone number, to count online bookings per number.
    phone_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    email = EncryptedTextField(_("e-mail"), blank=True)
    # ISO 639 (staff bookings) or a client language code of the portal ("sr-latn").
    language = models.CharField(_("language (ISO 639)"), max_length=8)
    consent_given_at = models.DateTimeField(_("consent to be contacted given"), null=True, blank=True)
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    confirmation_code = models.CharField(_("confirmation code"), max_length=12, unique=True)
    manage_token_hash = models.CharField(max_length=64, unique=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.BOOKED)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    cancellation_reason = models.CharField(_("reason"), max_length=300, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    notice_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["slot__starts_at", "id"]
        constraints = [
            # Two people can never hold the same slot, whatever the race.
            models.UniqueConstraint(fields=["slot"], condition=Q(cancelled_at__isnull=True),
                                    name="appointment_one_active_per_slot"),
        ]
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")

    def __str__(self):
        return self.confirmation_code

    @property
    def is_active(self) -> bool:
        return self.cancelled_at is None


class CalendarToken(models.Model):
    """The secret in a calendar feed's address; only its hash is stored. Revoked = gone."""

    class Kind(models.TextChoices):
        COUNSELLOR = "counsellor", _("counsellor")
        LOCATION = "location", _("location")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
                             related_name="calendar_tokens")
    location = models.ForeignKey("mobile.CounsellingLocation", null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="calendar_tokens")
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="counsellor", user__isnull=False, location__isnull=True)
                           | Q(kind="location", location__isnull=False, user__isnull=True)),
                name="calendar_token_names_its_subject"),
        ]
