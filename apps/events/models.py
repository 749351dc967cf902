"""Events of the network: exchange meetings, information events, trainings for authority
counsellors and expert conferences, with registrations (waiting list), materials and feedback.

Personal data here: the registrants' names, organisations and e-mail addresses, and their
accessibility needs (encrypted, shown only to the organisers). Feedback is kept apart from
names: the results show averages, distributions and comments, never who gave them.
"""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.fields import EncryptedBinaryField, EncryptedTextField
from apps.core.models import AuditLabelMixin, VersionedModel


class Event(AuditLabelMixin, VersionedModel):
    audit_noun = "event"

    class Kind(models.TextChoices):
        EXCHANGE = "exchange", _("Exchange meeting")
        INFORMATION = "information", _("Information event")
        TRAINING = "training", _("Training for authority counsellors")
        CONFERENCE = "conference", _("Expert conference")

    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("Hybrid")

    class TargetGroup(models.TextChoices):
        NETWORK = "network", _("The whole network")
        COUNSELLORS = "counsellors", _("Return counsellors")
        AUTHORITIES = "authorities", _("Counsellors of the foreigners' authorities")
        PARTNERS = "partners", _("Partner organisations")
        PUBLIC = "public", _("Interested public")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")
        DONE = "done", _("Done")

    organisation = models.ForeignKey("accounts.Organisation", verbose_name=_("organiser"),
                                     on_delete=models.PROTECT, related_name="events")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=5000)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    format = models.CharField(_("format"), max_length=12, choices=Format.choices, default=Format.IN_PERSON)
    target_group = models.CharField(_("target group"), max_length=16, choices=TargetGroup.choices,
                                    default=TargetGroup.NETWORK)
    starts_at = models.DateTimeField(_("start"))
    ends_at = models.DateTimeField(_("end"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    district = models.ForeignKey("regions.District", verbose_name=_("district"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    # Shown only to confirmed registrants (and the organisers).
    online_link = models.URLField(_("online link"), max_length=500, blank=True)
    capacity = models.PositiveIntegerField(_("places"))
    registration_deadline = models.DateTimeField(_("registration deadline"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    # The atomic counter of confirmed places (confirmed and attended registrations): a seat is
    # taken by a conditional UPDATE, so two registrations for the last seat never both get it.
    seats_taken = models.PositiveIntegerField(default=0, editable=False)
    # The public registration link's secret (portal): unguessable, regenerated on request.
    public_token = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")),
                                              name="event_ends_after_start")]

    def __str__(self):
        return self.title

    @property
    def is_past(self) -> bool:
        return self.ends_at <= timezone.now()

    @property
    def hours(self) -> float:
        """The duration in hours (for certificates), to a quarter of an hour. An event over
        several days counts its daily hours (start to end time) on each day, not the nights."""
        start, end = timezone.localtime(self.starts_at), timezone.localtime(self.ends_at)
        days = (end.date() - start.date()).days + 1
        daily = (end - end.replace(hour=start.hour, minute=start.minute, second=0, microsecond=0)).total_seconds()
        # An evening that runs past midnight (19:00 to 1:00) has no daily window: it is one stretch.
        seconds = daily * days if days > 1 and daily > 0 else (end - start).total_seconds()
        return round(seconds / 900) / 4


class Registration(AuditLabelMixin, models.Model):
    audit_noun = "event registration"

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITING = "waiting", _("Waiting list")
        CANCELLED = "cancelled", _("Cancelled")
        ATTENDED = "attended", _("Attended")
        NO_SHOW = "no_show", _("Did not attend")

    class Channel(models.TextChoices):
        NETWORK = "network", _("Network user")
        PUBLIC = "public", _("Public link")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="event_registrations")
    # A network user's organisation; a public registrant names theirs as text.
    organisation = models.ForeignKey("accounts.Organisation", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="event_registrations")
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    # The registrant's name and address are encrypted at rest (public registrants are private
    # persons); lists go by date, the attendance list is sorted after decryption, and the
    # one lookup (is this address already registered?) goes by the keyed hash.
    name = EncryptedTextField(_("name"), max_length=200, validators=[MaxLengthValidator(200)])
    email = EncryptedTextField(_("e-mail"), max_length=200, validators=[MaxLengthValidator(200)])
    email_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    accessibility_needs = EncryptedTextField(_("accessibility needs"), blank=True)
    channel = models.CharField(max_length=8, choices=Channel.choices)
    # The language the registrant's mails are written in (the portal's, or de/en for staff).
    language = models.CharField(_("language"), max_length=8, default="de")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    consent_at = models.DateTimeField()
    manage_token_hash = models.CharField(max_length=64, unique=True)
    # The participant's own page (portal) as a link, for the mails the job queue writes later.
    manage_link = EncryptedTextField(_("link to manage the registration"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    promoted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("event registration")
        verbose_name_plural = _("event registrations")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["event", "status"], name="event_registration_status_idx")]

    @property
    def organisation_label(self) -> str:
        return self.organisation.name if self.organisation_id else self.organisation_name

    @property
    def holds_seat(self) -> bool:
        return self.status in (self.Status.CONFIRMED, self.Status.ATTENDED)


class EventMaterial(AuditLabelMixin, models.Model):
    """A file for the participants (slides, handouts); stored encrypted (Fernet, the field keys)."""

    audit_noun = "event material"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(_("title"), max_length=200)
    data = EncryptedBinaryField(_("file"))
    content_type = models.CharField(max_length=60)
    original_name = models.CharField(max_length=255)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("event material")
        verbose_name_plural = _("event materials")
        ordering = ["uploaded_at", "pk"]

    @property
    def organisation_id(self):
        return self.event.organisation_id


class Feedback(models.Model):
    """One attendee's feedback. The registration link only keeps it to one per attendee;
    results never show it."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="feedback")
    registration = models.OneToOneField(Registration, on_delete=models.CASCADE, related_name="feedback")
    overall = models.PositiveSmallIntegerField(_("overall rating"))
    usefulness = models.PositiveSmallIntegerField(_("usefulness for my work"))
    # Free text that may identify the attendee: encrypted like the other texts.
    comment = EncryptedTextField(_("comment"), blank=True, max_length=2000, validators=[MaxLengthValidator(2000)])
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("event feedback")
        verbose_name_plural = _("event feedback")
        ordering = ["created_at", "pk"]
