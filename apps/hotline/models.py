"""The hotline desk: logged calls, callback requests (from the portal or a call) and attempts.

Calls are anonymous unless the agent adds a name or phone number; phone numbers and names are
encrypted at rest and reached only through the selectors, which audit the read.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.fields import EncryptedTextField
from apps.core.models import AuditLabelMixin, VersionedModel


class Call(AuditLabelMixin, VersionedModel):
    """One logged hotline call."""

    audit_noun = "call"

    class Direction(models.TextChoices):
        INBOUND = "inbound", _("inbound")
        OUTBOUND = "outbound", _("outbound")

    class Topic(models.TextChoices):
        COUNSELLING = "counselling", _("Return counselling in general")
        PROGRAMMES = "programmes", _("Return programmes and support")
        OTHER_OPTIONS = "other_options", _("Staying or other legal options")
        DOCUMENTS = "documents", _("Travel documents")
        APPOINTMENT = "appointment", _("Appointment")
        REINTEGRATION = "reintegration", _("Reintegration")
        OTHER = "other", _("Other")

    class Outcome(models.TextChoices):
        INFORMATION = "information", _("information given")
        APPOINTMENT = "appointment", _("appointment booked")
        REFERRAL = "referral", _("referral")
        CALLBACK = "callback", _("callback promised")
        CASE = "case", _("case created or linked")

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    agent = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("agent"), on_delete=models.PROTECT,
                              related_name="hotline_calls")
    started_at = models.DateTimeField(_("time"), default=timezone.now)
    direction = models.CharField(_("direction"), max_length=8, choices=Direction.choices,
                                 default=Direction.INBOUND)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=5)
    language = models.CharField(_("language"), max_length=8, default="de")
    interpreter = models.BooleanField(_("interpreter"), default=False)
    topic = models.CharField(_("topic"), max_length=16, choices=Topic.choices, default=Topic.COUNSELLING)
    district = models.ForeignKey("regions.District", verbose_name=_("district"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    # A list of Outcome codes: a call may give information and book an appointment.
    outcomes = models.JSONField(_("outcome"), default=list, blank=True)
    caller_name = EncryptedTextField(_("caller's name"), blank=True)
    phone = EncryptedTextField(_("phone number"), blank=True)
    phone_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    appointment = models.ForeignKey("appointments.Appointment", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["organisation", "started_at"], name="hotline_call_org_time")]
        verbose_name = _("call")
        verbose_name_plural = _("calls")

    def __str__(self):
        return f"call #{self.pk}"

    def outcome_labels(self) -> list[str]:
        labels = dict(self.Outcome.choices)
        return [str(labels[code]) for code in self.outcomes if code in labels]


class CallbackRequest(AuditLabelMixin, VersionedModel):
    """Somebody asked to be called back: on the portal, or an agent promised it in a call."""

    audit_noun = "callback"

    class Window(models.TextChoices):
        # Clients read these labels on the portal: short and plain.
        ANYTIME = "anytime", _("Any time")
        MORNING = "morning", _("Morning (9 to 12)")
        MIDDAY = "midday", _("Midday (12 to 14)")
        AFTERNOON = "afternoon", _("Afternoon (14 to 17)")

    class Source(models.TextChoices):
        PORTAL = "portal", _("portal")
        CALL = "call", _("call")
        STAFF = "staff", _("entered by staff")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    class CloseReason(models.TextChoices):
        DONE = "done", _("reached, concern handled")
        NOT_REACHED = "not_reached", _("not reached after several attempts")
        WRONG_NUMBER = "wrong_number", _("wrong number")
        WITHDRAWN = "withdrawn", _("no longer wanted")
        DUPLICATE = "duplicate", _("duplicate request")

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    source = models.CharField(_("source"), max_length=8, choices=Source.choices)
    source_call = models.ForeignKey(Call, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="callbacks")
    first_name = EncryptedTextField(_("first name"), blank=True)
    phone = EncryptedTextField(_("phone number"))
    # Keyed hash of the normalised number: repeated requests are found without decrypting.
    phone_hash = models.CharField(max_length=64, db_index=True, editable=False)
    language = models.CharField(_("language"), max_length=8)
    window = models.CharField(_("preferred time"), max_length=10, choices=Window.choices,
                              default=Window.ANYTIME)
    campaign = models.CharField(_("campaign"), max_length=60, blank=True)
    consent_given_at = models.DateTimeField(_("consent to be called given"), null=True, blank=True)
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    due_at = models.DateTimeField(_("due"))
    assigned_to = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("assigned to"), null=True,
                                    blank=True, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.OPEN)
    # When the caller was first reached: the service level is measured against due_at.
    reached_at = models.DateTimeField(_("reached"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    close_reason = models.CharField(_("closing reason"), max_length=16, choices=CloseReason.choices, blank=True)
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    appointment = models.ForeignKey("appointments.Appointment", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["due_at", "id"]
        indexes = [models.Index(fields=["organisation", "status", "due_at"], name="hotline_cb_queue")]
        verbose_name = _("callback request")
        verbose_name_plural = _("callback requests")

    def __str__(self):
        return f"callback #{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_at <= timezone.now()

    @property
    def due_day(self):
        """The working day by whose end the caller is due (local date). due_at itself is the
        following midnight, which reads like the next morning ("Tue 00:00") on screen."""
        return timezone.localtime(self.due_at - timedelta(microseconds=1)).date()


class CallbackAttempt(models.Model):
    """One try to reach the person behind a callback request."""

    class Outcome(models.TextChoices):
        REACHED = "reached", _("reached")
        NO_ANSWER = "no_answer", _("no answer")
        VOICEMAIL = "voicemail", _("voicemail")
        WRONG_NUMBER = "wrong_number", _("wrong number")

    callback = models.ForeignKey(CallbackRequest, on_delete=models.CASCADE, related_name="attempts")
    agent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("time"), default=timezone.now)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    note = EncryptedTextField(_("note"), blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")

    def __str__(self):
        return f"attempt #{self.pk}"
