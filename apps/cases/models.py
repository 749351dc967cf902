"""Cases, counselling sessions, tasks, documents and the status history that forms the timeline."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from apps.core.fields import EncryptedTextField
from apps.core.i18n_data import translated
from apps.core.models import AuditLabelMixin, VersionedModel
from apps.core.storage import document_storage


class CaseStatus(models.TextChoices):
    NEW = "new", _("New")
    COUNSELLING = "counselling", _("Counselling")
    RETURN_PREPARATION = "return_preparation", _("Return preparation")
    APPLICATION = "application", _("Application")
    DEPARTURE_SCHEDULED = "departure_scheduled", _("Departure scheduled")
    DEPARTED = "departed", _("Departed")
    REINTEGRATION_FOLLOW_UP = "reintegration_follow_up", _("Reintegration follow-up")
    CLOSED = "closed", _("Closed")


class CaseOutcome(models.TextChoices):
    """Neutral outcomes: staying is as valid a result of counselling as returning."""

    STAYED_OR_OTHER_LEGAL_OPTION = "stayed", _("Decided to stay / other legal option")
    RETURNED_WITH_PROGRAMME = "returned_with_programme", _("Returned with a return programme")
    RETURNED_WITHOUT_PROGRAMME = "returned_without_programme", _("Returned without a programme")
    ONWARD_MIGRATION = "onward_migration", _("Onward migration to a third country")
    MOVED_TO_OTHER_STATE = "moved", _("Moved to another federal state")
    CONTACT_LOST = "contact_lost", _("Contact lost")
    COUNSELLING_ENDED = "counselling_ended", _("Counselling ended without a decision")
    OTHER = "other", _("Other")


class FirstContactSource(models.TextChoices):
    WALK_IN = "walk_in", _("Walk-in at the office")
    RECEPTION_FACILITY = "reception_facility", _("Reception facility")
    HOTLINE = "hotline", _("Hotline")
    MOBILE = "mobile", _("Mobile counselling day")
    AUTHORITY = "authority", _("Foreigners' authority")
    PARTNER = "partner", _("Partner organisation")
    OUTREACH = "outreach", _("Outreach / social media")
    OTHER = "other", _("Other")


class Channel(models.TextChoices):
    OFFICE = "office", _("Office")
    MOBILE = "mobile", _("Mobile counselling")
    PHONE = "phone", _("Phone")
    VIDEO = "video", _("Video")
    VIRTUAL_ORIGIN = "virtual_origin_country", _("Virtual counselling with the country of origin")


class SessionPlace(models.TextChoices):
    """Where a session took place, for "sessions by district" (issue 11)."""

    OFFICE = "office", _("At the office")
    MOBILE_DAY = "mobile_day", _("On a mobile counselling day")
    CLIENT_DISTRICT = "client_district", _("Remote (phone, video, virtual): the client's district")
    UNKNOWN = "unknown", _("Unknown")


class Case(VersionedModel):
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="cases"
    )
    reference = models.CharField(_("reference number"), max_length=24, db_index=True)
    number = models.PositiveIntegerField(_("running number"))
    household = models.ForeignKey(
        "clients.Household", on_delete=models.PROTECT, related_name="cases"
    )
    office = models.ForeignKey(
        "accounts.Office", verbose_name=_("office"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="cases",
    )
    assigned_counsellors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("assigned counsellors"), blank=True,
        related_name="assigned_cases",
    )
    status = models.CharField(
        _("status"), max_length=24, choices=CaseStatus.choices, default=CaseStatus.NEW
    )
    first_contact_source = models.CharField(
        _("first contact via"), max_length=24, choices=FirstContactSource.choices,
        default=FirstContactSource.WALK_IN,
    )
    intended_return_country = CountryField(_("intended country of return"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=32, choices=CaseOutcome.choices, blank=True)
    restricted = models.BooleanField(
        _("restricted"), default=False,
        help_text=_("Only assigned counsellors and users allowed to read restricted cases see it."),
    )
    opened_at = models.DateTimeField(_("opened"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-opened_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "reference"], name="case_reference_unique")
        ]
        indexes = [
            models.Index(fields=["organisation", "status", "-opened_at"], name="case_org_status"),
            models.Index(fields=["organisation", "-opened_at"], name="case_org_opened"),
            # The home page's open cases of the user, last changed first (selectors.my_open_cases):
            # walked in this order until 20 of the user's are found, where PostgreSQL otherwise
            # sorted every case assigned to the user (378,461 for the demo's Trier counsellor).
            models.Index(fields=["organisation", "-updated_at"], name="case_org_updated"),
            models.Index(fields=["household"], name="case_household"),
            models.Index(fields=["number"], name="case_number"),
        ]
        verbose_name = _("case")
        verbose_name_plural = _("cases")

    def __str__(self):
        return self.reference

    @property
    def audit_label(self):
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status != CaseStatus.CLOSED


class CaseSequence(models.Model):
    """Last reference number handed out per organisation and year."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year"], name="case_sequence_unique")
        ]


class CaseStatusChange(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=24, choices=CaseStatus.choices, blank=True)
    to_status = models.CharField(max_length=24, choices=CaseStatus.choices)
    outcome = models.CharField(max_length=32, choices=CaseOutcome.choices, blank=True)
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["at", "id"]


class Topic(models.Model):
    """A counselling topic; the list is data an administrator edits."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self):
        return translated(self, "name")


class CounsellingSession(AuditLabelMixin, VersionedModel):
    audit_noun = "session"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="sessions")
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("counsellor"), on_delete=models.PROTECT,
        related_name="counselling_sessions",
    )
    started_at = models.DateTimeField(_("date and time"), default=timezone.now)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=60)
    channel = models.CharField(_("channel"), max_length=24, choices=Channel.choices)
    office = models.ForeignKey(
        "accounts.Office", verbose_name=_("office"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    location = models.CharField(_("location"), max_length=200, blank=True)
    # Where the session took place, set by the session service from the channel: the office's
    # district, the district of the mobile counselling day, or (remote) the client's district.
    district = models.ForeignKey(
        "regions.District", verbose_name=_("district"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    place = models.CharField(_("place"), max_length=16, choices=SessionPlace.choices,
                             default=SessionPlace.UNKNOWN)
    language = models.CharField(_("language (ISO 639)"), max_length=3)
    interpreter_used = models.BooleanField(_("interpreter present"), default=False)
    # Encrypted: the interpreter is a third person, and a family member often interprets.
    interpreter_name = EncryptedTextField(_("interpreter"), max_length=120, blank=True)
    participants = models.ManyToManyField(
        "clients.Person", verbose_name=_("participants"), related_name="counselling_sessions"
    )
    topics = models.ManyToManyField(Topic, verbose_name=_("topics"), blank=True)
    summary = EncryptedTextField(_("confidential summary"), blank=True)
    next_steps = EncryptedTextField(_("next steps"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [
            models.Index(fields=["counsellor", "started_at"], name="session_counsellor_at"),
            # Reports count the sessions of a period by channel, district and place, and join
            # them to their participants: on PostgreSQL an index-only scan answers all of it.
            models.Index(fields=["started_at"], include=["id", "case", "channel", "district", "place"],
                         name="session_started_cover"),
        ]
        verbose_name = _("counselling session")
        verbose_name_plural = _("counselling sessions")

    def __str__(self):
        return f"{self.get_channel_display()} {self.started_at:%d.%m.%Y}"


class Task(AuditLabelMixin, models.Model):
    audit_noun = "task"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("task"), max_length=200)
    due_date = models.DateField(_("due"), null=True, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assignee"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="tasks",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)

    class Meta:
        ordering = ["done_at", "due_date", "id"]
        indexes = [
            models.Index(fields=["assignee", "done_at", "due_date"], name="task_assignee_due"),
            # The home page's due tasks (selectors.my_due_tasks): read in (due date, id) order and
            # stop after 20, where task_assignee_due made PostgreSQL sort every open task of the
            # user first (87,901 for the demo's Trier counsellor at 1,000,000 cases).
            models.Index(fields=["assignee", "due_date", "id"], condition=models.Q(done_at__isnull=True),
                         name="task_open_assignee_due"),
        ]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")

    def __str__(self):
        return self.title

    @property
    def is_overdue(self) -> bool:
        return self.done_at is None and self.due_date is not None and self.due_date < timezone.localdate()


class DocumentType(models.TextChoices):
    PASSPORT = "passport", _("Passport")
    TRAVEL_DOCUMENT_SUBSTITUTE = "travel_document_substitute", _("Travel document substitute")
    RESIDENCE_DOCUMENT = "residence_document", _("Residence document")
    MEDICAL_REPORT = "medical_report", _("Medical report")
    CONSENT_FORM = "consent_form", _("Consent form")
    BIRTH_CERTIFICATE = "birth_certificate", _("Birth certificate")
    CERTIFICATE = "certificate", _("Certificate (school or work)")
    AUTHORITY_LETTER = "authority_letter", _("Letter from an authority")
    OTHER = "other", _("Other")


# Special categories of personal data (GDPR Art. 9): only users holding
# case.sensitive.read in the case's organisation see documents of these types.
SENSITIVE_DOCUMENT_TYPES = frozenset({DocumentType.MEDICAL_REPORT})


def document_path(instance, filename: str) -> str:
    """A random name: the user's file name (often the client's name) never reaches the disk."""
    return f"{timezone.now():%Y/%m}/{uuid.uuid4().hex}"


class Document(AuditLabelMixin, models.Model):
    """An uploaded file on a case, optionally about one household member; encrypted at rest.

    Deleting is a soft delete (deleted_at, reason); the retention rules purge the file later.
    """

    audit_noun = "document"

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="documents"
    )
    case = models.ForeignKey(
        Case, verbose_name=_("case"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="documents",
    )
    person = models.ForeignKey(
        "clients.Person", verbose_name=_("person"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="documents",
    )
    document_type = models.CharField(_("document type"), max_length=32, choices=DocumentType.choices)
    # Titles and file names often carry the client's name: encrypted like other free text.
    title = EncryptedTextField(_("title"))
    file = models.FileField(_("file"), storage=document_storage, upload_to=document_path, max_length=200)
    original_name = EncryptedTextField(_("original file name"), blank=True)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("deleted by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    deletion_reason = EncryptedTextField(_("reason for deletion"), blank=True)
    purge_after = models.DateField(_("purge after"), null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(case__isnull=False) | models.Q(person__isnull=False),
                name="document_case_or_person",
            )
        ]
        indexes = [
            models.Index(fields=["case", "deleted_at"], name="document_case_deleted"),
            models.Index(fields=["person", "deleted_at"], name="document_person_deleted"),
            models.Index(fields=["organisation", "-uploaded_at"], name="document_org_uploaded"),
        ]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self):
        return f"{self.get_document_type_display()} #{self.pk}"

    @property
    def is_sensitive(self) -> bool:
        return self.document_type in SENSITIVE_DOCUMENT_TYPES

    @property
    def previewable(self) -> bool:
        """Browsers show PDFs and images themselves; anything else is only downloaded."""
        return self.content_type in {"application/pdf", "image/jpeg", "image/png"}
