"""Mobile counselling: where counselling happens, who asked to host it, and the counselling
days with their bookable slots."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.fields import EncryptedTextField
from apps.core.models import AuditLabelMixin, VersionedModel


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class Accessibility(models.TextChoices):
    STEP_FREE = "step_free", _("Step-free access")
    WAITING_AREA = "waiting_area", _("Waiting area")
    CHILD_FRIENDLY = "child_friendly", _("Child-friendly")
    ACCESSIBLE_TOILET = "accessible_toilet", _("Accessible toilet")


def address_line(street: str, postcode: str, city: str) -> str:
    """"Hauptstr. 1, 54439 Saarburg", leaving out empty parts (no "Anschrift ,  ")."""
    place = " ".join(part for part in ((postcode or "").strip(), (city or "").strip()) if part)
    return ", ".join(part for part in ((street or "").strip(), place) if part)


class CounsellingLocation(AuditLabelMixin, VersionedModel):
    """A fixed office (AfA, city office) or partner premises where counselling days take place."""

    audit_noun = "counselling location"

    class Kind(models.TextChoices):
        RECEPTION_FACILITY = "reception_facility", _("Reception facility (AfA)")
        OFFICE = "office", _("Counselling office")
        PARTNER_PREMISES = "partner_premises", _("Partner premises")

    # The counselling organisation that counsels there (IOM in RLP).
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT,
                                     related_name="counselling_locations")
    host = models.ForeignKey("accounts.Organisation", verbose_name=_("host organisation"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="hosted_locations")
    office = models.ForeignKey("accounts.Office", verbose_name=_("office"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="counselling_locations")
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    street = models.CharField(_("street"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=5, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    district = models.ForeignKey("regions.District", verbose_name=_("district"), on_delete=models.PROTECT,
                                 related_name="counselling_locations")
    # Without coordinates the district seat stands in (apps.mobile.selectors.coordinates_of).
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=5, null=True, blank=True)
    rooms = models.CharField(_("rooms"), max_length=300, blank=True)
    accessibility = models.JSONField(_("accessibility"), default=list, blank=True)
    equipment = models.CharField(_("equipment"), max_length=300, blank=True)
    contact_on_site = models.CharField(_("contact on site"), max_length=200, blank=True)
    available_weekdays = models.JSONField(_("available weekdays"), default=list, blank=True)
    available_from = models.TimeField(_("available from"), null=True, blank=True)
    available_to = models.TimeField(_("available until"), null=True, blank=True)
    # Relative demand for tour planning (hosting requests, referrals, population as a floor).
    demand_weight = models.DecimalField(_("demand weight"), max_digits=6, decimal_places=2, default=1)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["district__name", "name"]
        verbose_name = _("counselling location")
        verbose_name_plural = _("counselling locations")

    def __str__(self):
        return self.name

    @property
    def address(self) -> str:
        return address_line(self.street, self.postcode, self.city)


class HostingRequest(AuditLabelMixin, VersionedModel):
    """A partner or an authority asks for counselling days at its premises."""

    audit_noun = "hosting request"

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("submitted")
        CHANGES_PROPOSED = "changes_proposed", _("changes proposed")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")
        WITHDRAWN = "withdrawn", _("withdrawn")

    class Frequency(models.TextChoices):
        WEEKLY = "weekly", _("weekly")
        FORTNIGHTLY = "fortnightly", _("every two weeks")
        MONTHLY = "monthly", _("monthly")
        QUARTERLY = "quarterly", _("quarterly")

    requesting_organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT,
                                                related_name="hosting_requests")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    counselling_organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT,
                                                 related_name="hosting_requests_received")
    location = models.ForeignKey(CounsellingLocation, verbose_name=_("location"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="hosting_requests")
    premises_name = models.CharField(_("premises"), max_length=200)
    street = models.CharField(_("street"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=5, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    district = models.ForeignKey("regions.District", verbose_name=_("district"), on_delete=models.PROTECT,
                                 related_name="+")
    frequency = models.CharField(_("desired frequency"), max_length=16, choices=Frequency.choices)
    expected_clients = models.PositiveSmallIntegerField(_("expected number of clients per day"), default=5)
    languages = models.JSONField(_("languages needed"), default=list, blank=True)
    preferred_weekdays = models.JSONField(_("preferred weekdays"), default=list, blank=True)
    # Free texts between the partner and the counselling organisation: encrypted at rest.
    message = EncryptedTextField(_("message"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    response = EncryptedTextField(_("response"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("hosting request")
        verbose_name_plural = _("hosting requests")

    @property
    def address(self) -> str:
        return address_line(self.street, self.postcode, self.city)


class MobileCounsellingDay(AuditLabelMixin, VersionedModel):
    audit_noun = "counselling day"

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        CANCELLED = "cancelled", _("cancelled")

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT,
                                     related_name="counselling_days")
    location = models.ForeignKey(CounsellingLocation, verbose_name=_("location"), on_delete=models.PROTECT,
                                 related_name="days")
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("from"))
    ends_at = models.TimeField(_("until"))
    counsellors = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("counsellors"), blank=True,
                                         related_name="counselling_days")
    interpreter_languages = models.JSONField(_("interpreting for"), default=list, blank=True)
    is_public = models.BooleanField(_("public"), default=True,
                                    help_text=_("Shown on the public site and bookable anonymously."))
    slot_minutes = models.PositiveSmallIntegerField(_("slot length (minutes)"), default=45)
    buffer_minutes = models.PositiveSmallIntegerField(_("buffer between slots (minutes)"), default=15)
    # Days created together as a recurring series share this key.
    series = models.UUIDField(null=True, blank=True, db_index=True)
    moved_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    cancellation_reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["date", "starts_at", "id"]
        indexes = [models.Index(fields=["date", "status"], name="counselling_day_date")]
        verbose_name = _("counselling day")
        verbose_name_plural = _("counselling days")

    def __str__(self):
        return f"{self.location} {self.date:%d.%m.%Y}"


class Slot(models.Model):
    """A bookable time on a counselling day (generated from the day's window, length and buffer)."""

    day = models.ForeignKey(MobileCounsellingDay, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [models.UniqueConstraint(fields=["day", "starts_at"], name="slot_day_start")]
