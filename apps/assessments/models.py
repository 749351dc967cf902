"""Individual assessments (versioned), vulnerabilities and children's participation."""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.fields import EncryptedIntegerField, EncryptedTextField
from apps.core.i18n_data import translated
from apps.core.models import AuditLabelMixin, VersionedModel


class _Named(models.Model):
    """A row of a network-wide list: German name, English name, stable code."""

    code = models.SlugField(_("code"), max_length=50, unique=True,
                            help_text=_("Stable identifier used by exports and the API; cannot be changed later."))
    name = models.CharField(_("name (German)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        abstract = True
        ordering = ["sort_order", "code"]

    def __str__(self):
        return translated(self, "name")


class AssessmentSection(_Named):
    # Health answers are special categories of data (GDPR Art. 9), like sensitive vulnerabilities.
    is_sensitive = models.BooleanField(
        _("special categories of data"), default=False,
        help_text=_("Answers are shown only to users who may read sensitive information."))

    class Meta(_Named.Meta):
        verbose_name = _("assessment section")
        verbose_name_plural = _("assessment sections")


class AssessmentQuestion(models.Model):
    class Kind(models.TextChoices):
        SHORT_TEXT = "short_text", _("short text")
        LONG_TEXT = "long_text", _("long text")
        YES_NO = "yes_no", _("yes / no")

    section = models.ForeignKey(AssessmentSection, verbose_name=_("section"), on_delete=models.PROTECT,
                                related_name="questions")
    code = models.SlugField(_("code"), max_length=50, unique=True,
                            help_text=_("Stable identifier used by exports and the API; cannot be changed later."))
    text = models.CharField(_("question (German)"), max_length=300)
    text_en = models.CharField(_("question (English)"), max_length=300, blank=True)
    help_text = models.CharField(_("help text"), max_length=300, blank=True)
    kind = models.CharField(_("kind of answer"), max_length=12, choices=Kind.choices, default=Kind.LONG_TEXT)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["section__sort_order", "sort_order", "code"]
        verbose_name = _("assessment question")
        verbose_name_plural = _("assessment questions")

    def __str__(self):
        return translated(self, "text")


class Assessment(models.Model):
    """One version of a case's individual assessment; never changed once saved."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="assessments")
    number = models.PositiveIntegerField(_("version"))
    based_on = models.ForeignKey("self", verbose_name=_("based on"), null=True, blank=True,
                                 on_delete=models.RESTRICT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"),
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)
    note = EncryptedTextField(_("note on this version"), blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["case", "number"], name="assessment_case_number")]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")

    def __str__(self):
        return _("Assessment, version %(number)s") % {"number": self.number}

    @property
    def audit_label(self):
        return f"assessment #{self.pk} v{self.number}"


class AssessmentAnswer(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(AssessmentQuestion, on_delete=models.PROTECT, related_name="answers")
    answer = EncryptedTextField(_("answer"))

    class Meta:
        verbose_name = _("assessment answer")
        verbose_name_plural = _("assessment answers")
        constraints = [models.UniqueConstraint(fields=["assessment", "question"], name="answer_unique")]


class VulnerabilityType(_Named):
    class Group(models.TextChoices):
        CHILDREN_FAMILY = "children_family", _("Children and family")
        HEALTH = "health", _("Health")
        AGE_DISABILITY = "age_disability", _("Age and disability")
        VIOLENCE = "violence_exploitation", _("Violence and exploitation")
        IDENTITY = "identity", _("Identity")
        OTHER = "other", _("Other")

    group = models.CharField(_("group"), max_length=24, choices=Group.choices, default=Group.OTHER)
    is_sensitive = models.BooleanField(
        _("reveals special categories of data"), default=False,
        help_text=_("Health, sexuality, violence, trafficking: visible only to users who may read "
                    "sensitive vulnerabilities."))
    asks_pregnancy_week = models.BooleanField(_("asks for the week of pregnancy"), default=False)

    class Meta(_Named.Meta):
        verbose_name = _("vulnerability type")
        verbose_name_plural = _("vulnerability types")


class IdentifiedHow(models.TextChoices):
    SELF_DISCLOSED = "self_disclosed", _("self-disclosed")
    OBSERVED = "observed", _("observed in counselling")
    THIRD_PARTY = "third_party", _("reported by a third party")
    DOCUMENT = "document", _("from a document")


class Severity(models.TextChoices):
    LOW = "low", _("low")
    MEDIUM = "medium", _("medium")
    HIGH = "high", _("high")


class ResponseAction(models.TextChoices):
    REFERRAL = "referral", _("referral")
    ADJUSTED_COUNSELLING = "adjusted_counselling", _("adjusted counselling")
    MEDICAL_ESCORT = "medical_escort", _("medical escort needed")
    SAME_GENDER_STAFF = "same_gender_staff", _("same-gender counsellor or interpreter")
    PRIORITY_APPOINTMENT = "priority_appointment", _("priority appointment")
    ACCOMMODATION = "accommodation_adjustment", _("accommodation adjustment")
    OTHER = "other", _("other")


class VulnerabilityQuerySet(models.QuerySet):
    """Attaches each fetched vulnerability's type in one query (the type is stored as an
    encrypted code, so the database cannot join it)."""

    def _fetch_all(self):
        fresh = self._result_cache is None
        super()._fetch_all()
        if fresh and self._result_cache and isinstance(self._result_cache[0], Vulnerability):
            attach_types(self._result_cache)


def attach_types(vulnerabilities) -> None:
    """Set the VulnerabilityType of each vulnerability from its decrypted code (one query)."""
    codes = {v.type_code for v in vulnerabilities if v.type_code}
    types = {t.code: t for t in VulnerabilityType.objects.filter(code__in=codes)} if codes else {}
    for vulnerability in vulnerabilities:
        vulnerability.__dict__["_type"] = types.get(vulnerability.type_code)


class Vulnerability(AuditLabelMixin, VersionedModel):
    """A vulnerability of a household member. Its type (which may reveal health, sexuality,
    violence or trafficking) is stored as the type's code, encrypted; only `sensitive` (the type
    reveals a special category, not which) stays readable, because the database applies the
    access rule for sensitive types (selectors._sensitivity_filter). Reports count by type in
    Python after decrypting. Type codes never change and types are never deleted."""

    audit_noun = "vulnerability"

    objects = VulnerabilityQuerySet.as_manager()

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="vulnerabilities")
    person = models.ForeignKey("clients.Person", verbose_name=_("person"), on_delete=models.PROTECT,
                               related_name="vulnerabilities")
    type_code = EncryptedTextField(_("type"), max_length=50, validators=[MaxLengthValidator(50)])
    sensitive = models.BooleanField(default=False, editable=False)
    identified_how = models.CharField(_("how identified"), max_length=16, choices=IdentifiedHow.choices)
    identified_on = models.DateField(_("identified on"), default=timezone.localdate)
    severity = models.CharField(_("severity"), max_length=8, choices=Severity.choices)
    pregnancy_week = EncryptedIntegerField(_("week of pregnancy"), null=True, blank=True)
    details = EncryptedTextField(_("details"), blank=True)
    response_actions = models.JSONField(_("response"), default=list, blank=True)
    response_notes = EncryptedTextField(_("notes on the response"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    # Free text about the person, so encrypted like the other texts; max_length is checked
    # by forms and model validation (full_clean), not by the column.
    closed_reason = EncryptedTextField(_("reason for closing"), max_length=300, blank=True,
                                       validators=[MaxLengthValidator(300)])
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["closed_on", "-identified_on", "-id"]
        indexes = [models.Index(fields=["case", "closed_on"], name="vulnerability_case_open")]
        verbose_name = _("vulnerability")
        verbose_name_plural = _("vulnerabilities")

    def __str__(self):
        return str(self.type or "")

    @property
    def type(self) -> VulnerabilityType | None:
        cached = self.__dict__.get("_type")
        if self.type_code and (cached is None or cached.code != self.type_code):
            cached = VulnerabilityType.objects.filter(code=self.type_code).first()
            self.__dict__["_type"] = cached
        return cached if self.type_code else None

    @type.setter
    def type(self, value: VulnerabilityType | None) -> None:
        self.__dict__["_type"] = value
        self.type_code = value.code if value is not None else ""
        self.sensitive = bool(value is not None and value.is_sensitive)

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    def response_action_labels(self) -> list[str]:
        labels = dict(ResponseAction.choices)
        return [str(labels.get(code, code)) for code in self.response_actions]


class HowHeard(models.TextChoices):
    ALONE = "alone", _("alone")
    WITH_PARENT = "with_parent", _("with a parent")
    WITH_TRUSTED_PERSON = "with_trusted_person", _("with another trusted person")
    NOT_POSSIBLE = "not_possible", _("not possible")


class ChildParticipation(AuditLabelMixin, VersionedModel):
    """How a child of the household was informed and heard, in a way appropriate to their age."""

    audit_noun = "child participation"

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="child_participations")
    child = models.ForeignKey("clients.Person", verbose_name=_("child"), on_delete=models.PROTECT,
                              related_name="participations")
    information_given = EncryptedTextField(_("age-appropriate information given"), blank=True)
    information_given_on = models.DateField(_("information given on"), null=True, blank=True)
    how_heard = models.CharField(_("how the child was heard"), max_length=24, choices=HowHeard.choices)
    not_possible_reason = EncryptedTextField(_("why hearing the child was not possible"), max_length=300,
                                             blank=True, validators=[MaxLengthValidator(300)])
    child_views = EncryptedTextField(_("the child's views, in the child's own words"), blank=True)
    best_interests = EncryptedTextField(_("best-interests considerations"))
    heard_on = models.DateField(_("heard on"), default=timezone.localdate)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-heard_on", "-id"]
        verbose_name = _("child participation")
        verbose_name_plural = _("child participations")

    def __str__(self):
        return f"{self.child} {self.heard_on:%d.%m.%Y}"

    @property
    def is_complete(self) -> bool:
        if not self.best_interests.strip() or not self.how_heard:
            return False
        if self.how_heard == HowHeard.NOT_POSSIBLE:
            return bool(self.not_possible_reason.strip())
        return bool(self.child_views.strip())
