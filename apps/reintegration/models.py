"""Reintegration plans made with the client, their handover to a partner in the country of
origin, and the monitoring after return with a survey whose definition is data."""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.fields import EncryptedTextField
from apps.core.i18n_data import translated
from apps.core.models import AuditLabelMixin, VersionedModel


class Dimension(models.TextChoices):
    ECONOMIC = "economic", _("Economic")
    SOCIAL = "social", _("Social")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial")


class ReintegrationPlan(AuditLabelMixin, VersionedModel):
    """One plan per person and return; goals and activities hang off it. Every change to a
    goal or an activity claims the plan's version, so concurrent edits are detected."""

    audit_noun = "reintegration plan"

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        AGREED = "agreed", _("agreed with the client")
        HANDED_OVER = "handed_over", _("handed over")

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="reintegration_plans")
    person = models.ForeignKey("clients.Person", verbose_name=_("person"), on_delete=models.PROTECT,
                               related_name="reintegration_plans")
    partner_in_origin = models.CharField(_("partner in the country of origin"), max_length=200, blank=True)
    partner_contact = models.ForeignKey(
        "countryinfo.OriginCountryContact", verbose_name=_("partner from the directory"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="reintegration_plans",
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("reintegration plan")
        verbose_name_plural = _("reintegration plans")

    def __str__(self):
        return f"{_('Reintegration plan')} #{self.pk}"

    @property
    def partner_label(self) -> str:
        if self.partner_contact_id:
            return str(self.partner_contact)
        return self.partner_in_origin


class PlanGoal(models.Model):
    plan = models.ForeignKey(ReintegrationPlan, on_delete=models.CASCADE, related_name="goals")
    dimension = models.CharField(_("dimension"), max_length=12, choices=Dimension.choices)
    goal = EncryptedTextField(_("goal"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("plan goal")
        verbose_name_plural = _("plan goals")
        ordering = ["order", "id"]


class PlanActivity(models.Model):
    class BudgetKind(models.TextChoices):
        IN_KIND = "in_kind", _("in kind")
        CASH = "cash", _("cash")

    class DuePrecision(models.TextChoices):
        MONTH = "month", _("month")
        DATE = "date", _("date")

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")
        CANCELLED = "cancelled", _("cancelled")

    goal = models.ForeignKey(PlanGoal, on_delete=models.CASCADE, related_name="activities")
    activity = EncryptedTextField(_("activity"))
    responsible = EncryptedTextField(_("responsible"), max_length=200, blank=True, validators=[MaxLengthValidator(200)])
    due = models.DateField(_("due"), null=True, blank=True)
    due_precision = models.CharField(_("due (precision)"), max_length=5, choices=DuePrecision.choices,
                                     default=DuePrecision.MONTH)
    budget_amount = models.DecimalField(_("budget (EUR)"), max_digits=10, decimal_places=2, default=0)
    budget_kind = models.CharField(_("budget kind"), max_length=8, choices=BudgetKind.choices,
                                   default=BudgetKind.IN_KIND)
    funding_source = models.CharField(_("funding source"), max_length=200, blank=True,
                                      help_text=_("e.g. “REAG/GARP Starthilfe”"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PLANNED)

    class Meta:
        verbose_name = _("plan activity")
        verbose_name_plural = _("plan activities")
        ordering = ["due", "id"]

    @property
    def display_due(self) -> str:
        if not self.due:
            return "—"
        return self.due.strftime("%m/%Y" if self.due_precision == self.DuePrecision.MONTH else "%d.%m.%Y")


class Handover(AuditLabelMixin, models.Model):
    """The plan passed to the partner in the country of origin: exactly the chosen fields,
    frozen as they were handed over, resting on the person's consent."""

    audit_noun = "handover"

    class Field(models.TextChoices):
        NAME = "name", _("name")
        BIRTH_DATE = "birth_date", _("date of birth")
        PHONE = "phone", _("phone")
        LANGUAGES = "languages", _("languages")
        PLAN = "plan", _("plan (goals and activities)")

    plan = models.ForeignKey(ReintegrationPlan, on_delete=models.CASCADE, related_name="handovers")
    partner = EncryptedTextField(_("partner"), max_length=200, validators=[MaxLengthValidator(200)])
    partner_contact = models.ForeignKey("countryinfo.OriginCountryContact", null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="+")
    fields = models.JSONField(_("shared fields"), default=list)
    consent = models.ForeignKey("clients.Consent", on_delete=models.PROTECT, related_name="+")
    snapshot = EncryptedTextField(_("exported data (JSON)"))
    language = models.CharField(_("language of the PDF"), max_length=3, default="de")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("handover")
        verbose_name_plural = _("handovers")


# --- The survey definition (data an administrator can edit) -----------------------------------

class Survey(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    version = models.CharField(_("version"), max_length=20)
    source = models.TextField(_("sources"), blank=True)
    unverified = models.BooleanField(_("unverified"), default=True)
    # The level thresholds are data too ([V] 0.33 / 0.66 in the shipped survey).
    threshold_low = models.FloatField(_("below: intensive assistance"), default=0.33)
    threshold_high = models.FloatField(_("above: high level of reintegration"), default=0.66)
    thresholds_unverified = models.BooleanField(_("thresholds unverified"), default=False)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]

    def __str__(self):
        return f"{self.name} ({self.version})"


class SurveyScale(models.Model):
    """Answer options: [{code, label, label_en, value}] with value in 0..1, or null for an
    answer excluded from the score (e.g. "I don't wish to answer")."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    options = models.JSONField(_("options"), default=list)
    unverified = models.BooleanField(_("options unverified"), default=True)
    values_unverified = models.BooleanField(_("values unverified"), default=True)
    source = models.TextField(_("source"), blank=True)

    def __str__(self):
        return self.code

    def value_of(self, option_code: str) -> float | None:
        for option in self.options:
            if option["code"] == option_code:
                return option["value"]
        raise KeyError(option_code)


class SurveyDimension(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="dimensions")
    code = models.CharField(_("code"), max_length=12, choices=Dimension.choices)
    weight = models.FloatField(_("weight"), default=1.0)
    unverified = models.BooleanField(_("weight unverified"), default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["survey", "code"], name="survey_dimension_unique")]


class SurveyQuestion(models.Model):
    dimension = models.ForeignKey(SurveyDimension, on_delete=models.CASCADE, related_name="questions")
    code = models.SlugField(_("code"), max_length=40)
    text = models.TextField(_("question (German)"))
    text_en = models.TextField(_("question (English)"))
    scale = models.ForeignKey(SurveyScale, on_delete=models.PROTECT, related_name="questions")
    weight = models.FloatField(_("weight"), default=1.0)
    unverified = models.BooleanField(_("unverified"), default=True)
    source = models.TextField(_("source"), blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["dimension__order", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["dimension", "code"], name="survey_question_unique")]

    def __str__(self):
        return self.code

    @property
    def display_label(self) -> str:
        """The question in the active language (German `text`, English `text_en`)."""
        return translated(self, "text")


# --- Monitoring after return -----------------------------------------------------------------

class MonitoringVisit(AuditLabelMixin, VersionedModel):
    audit_noun = "monitoring visit"

    class Channel(models.TextChoices):
        IN_PERSON = "in_person", _("in person")
        PHONE = "phone", _("phone")
        VIDEO = "video", _("video")
        MESSENGER = "messenger", _("messenger")

    class Level(models.TextChoices):
        INTENSIVE = "intensive", _("intensive assistance needed")
        SOME = "some", _("some further intervention needed")
        HIGH = "high", _("high level of reintegration")

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="monitoring_visits")
    person = models.ForeignKey("clients.Person", verbose_name=_("person"), on_delete=models.PROTECT,
                               related_name="monitoring_visits")
    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="visits")
    months_after_return = models.PositiveSmallIntegerField(_("months after return"), null=True, blank=True)
    planned_for = models.DateField(_("planned for"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices, blank=True)
    interviewer = models.CharField(_("interviewer"), max_length=200, blank=True)
    notes = EncryptedTextField(_("notes"), blank=True)
    economic_score = models.FloatField(null=True, blank=True)
    social_score = models.FloatField(null=True, blank=True)
    psychosocial_score = models.FloatField(null=True, blank=True)
    composite_score = models.FloatField(null=True, blank=True)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["planned_for", "id"]
        verbose_name = _("monitoring visit")
        verbose_name_plural = _("monitoring visits")
        indexes = [models.Index(fields=["case", "planned_for"], name="monitoring_case_planned")]

    @property
    def is_done(self) -> bool:
        return self.done_on is not None


class MonitoringAnswer(models.Model):
    visit = models.ForeignKey(MonitoringVisit, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(SurveyQuestion, on_delete=models.PROTECT, related_name="answers")
    option_code = models.CharField(max_length=40)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["visit", "question"], name="monitoring_answer_unique")]
