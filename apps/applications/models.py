"""Programme applications (e.g. REAG/GARP 2.0) of a case, their checklist records and travel.

ReturnNet does not call the BAMF's online application module (OAM): the counsellor submits
there and records the date and reference here.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.fields import EncryptedTextField
from apps.core.i18n_data import translated
from apps.core.models import AuditLabelMixin, VersionedModel


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    READY = "ready", _("Ready for submission")
    SUBMITTED = "submitted", _("Submitted")
    MORE_INFORMATION_REQUESTED = "more_information_requested", _("More information requested")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    TRAVEL_BOOKED = "travel_booked", _("Travel booked")
    DEPARTED = "departed", _("Departed (confirmed)")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class PrioritisationReason(models.TextChoices):
    """BAMF prioritisation criteria (facts.md §1.1, returningfromgermany.de/de/reaggarp/)."""

    PREGNANCY = "pregnancy_week_20", _("Pregnancy from the 20th week")
    HOMELESSNESS = "imminent_homelessness", _("Imminent loss of housing / homelessness")
    DUBLIN_TRANSFER = "dublin_transfer_date", _("Dublin case with known transfer date")
    DEPORTATION = "imminent_deportation", _("Indications of an imminent deportation")
    FACILITY_TRANSFER = "imminent_facility_transfer", _("Imminent transfer to another reception facility")


class AsylumProcedures(models.TextChoices):
    UNKNOWN = "", _("Not yet checked")
    NONE_PENDING = "none_pending", _("No asylum application or appeal pending")
    WITHDRAWN = "withdrawn", _("Pending procedures withdrawn")


class SecondParentConsent(models.TextChoices):
    UNKNOWN = "", _("Not yet checked")
    NOT_REQUIRED = "not_required", _("Not required")
    OBTAINED = "obtained", _("Obtained")


class Application(AuditLabelMixin, VersionedModel):
    audit_noun = "application"

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="applications")
    programme_version = models.ForeignKey("programmes.ProgrammeVersion", verbose_name=_("programme"),
                                          on_delete=models.PROTECT, related_name="applications")
    members = models.ManyToManyField("clients.Person", verbose_name=_("travelling household members"),
                                     related_name="programme_applications")
    status = models.CharField(_("status"), max_length=32, choices=ApplicationStatus.choices,
                              default=ApplicationStatus.DRAFT)
    prioritisation_reasons = models.JSONField(_("prioritisation reasons"), default=list, blank=True)
    asylum_procedures = models.CharField(_("pending asylum procedures"), max_length=16, blank=True,
                                         choices=AsylumProcedures.choices)
    asylum_withdrawn_on = models.DateField(_("pending procedures withdrawn on"), null=True, blank=True)
    second_parent_consent = models.CharField(
        _("consent of the second parent"), max_length=16, blank=True, choices=SecondParentConsent.choices,
        help_text=_("Needed when a single parent travels with a child and the other parent is in "
                    "Germany or the EU and does not travel."))
    second_parent_consent_on = models.DateField(_("second parent's consent obtained on"), null=True, blank=True)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    submission_reference = models.CharField(_("OAM reference"), max_length=60, blank=True)
    expected_decision_by = models.DateField(_("decision expected by"), null=True, blank=True)
    decision_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_note = EncryptedTextField(_("note on the decision"), blank=True)
    departed_on = models.DateField(_("departed on"), null=True, blank=True)
    departure_note = EncryptedTextField(_("confirmation of the departure"), blank=True)
    withdrawal_note = EncryptedTextField(_("reason for the withdrawal"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["case", "status"], name="application_case_status")]
        verbose_name = _("application")
        verbose_name_plural = _("applications")

    def __str__(self):
        return f"{self.programme_version} ({self.get_status_display()})"

    @property
    def organisation_id(self) -> int:
        return self.case.organisation_id

    @property
    def is_open(self) -> bool:
        return self.status not in {ApplicationStatus.CLOSED, ApplicationStatus.WITHDRAWN,
                                   ApplicationStatus.REJECTED}

    def prioritisation_labels(self) -> list[str]:
        labels = dict(PrioritisationReason.choices)
        return [str(labels.get(code, code)) for code in self.prioritisation_reasons]


class ApplicationDeclaration(models.Model):
    """The adult signed the application and the declaration of voluntary departure."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="declarations")
    person = models.ForeignKey("clients.Person", verbose_name=_("person"), on_delete=models.PROTECT,
                               related_name="+")
    signed_on = models.DateField(_("signed on"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["application", "person"], name="declaration_unique")]


class TravelDocumentKind(models.TextChoices):
    PASSPORT = "passport", _("Passport")
    SUBSTITUTE_REQUESTED = "substitute_requested", _("Travel document substitute requested")
    SUBSTITUTE_ISSUED = "substitute_issued", _("Travel document substitute issued")


class TravelDocument(models.Model):
    """The travel document of one travelling member (one record per member)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="travel_documents")
    person = models.ForeignKey("clients.Person", verbose_name=_("person"), on_delete=models.PROTECT,
                               related_name="+")
    kind = models.CharField(_("travel document"), max_length=24, choices=TravelDocumentKind.choices)
    number = EncryptedTextField(_("document number"), blank=True)
    expires_on = models.DateField(_("valid until"), null=True, blank=True)
    document = models.ForeignKey("cases.Document", verbose_name=_("scanned document"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("travel document")
        verbose_name_plural = _("travel documents")
        constraints = [models.UniqueConstraint(fields=["application", "person"], name="travel_document_unique")]


class TravelNeed(models.TextChoices):
    WHEELCHAIR = "wheelchair", _("Wheelchair")
    MEDICAL_ESCORT = "medical_escort", _("Medical escort")
    ESCORT = "escort", _("Escort (non-medical)")
    OTHER = "other", _("Other")


class DocumentCheck(models.TextChoices):
    TRAVEL_DOCUMENTS = "travel_documents", _("Travel documents")
    GUB = "gub", _("Border crossing certificate (GÜB)")
    TICKETS = "tickets", _("Tickets")
    MEDICAL_DOCUMENTS = "medical_documents", _("Medical documents")


# Common departure airports for RLP; the field is free text with these as suggestions.
AIRPORTS = [
    ("FRA", "Frankfurt am Main (FRA)"), ("HHN", "Frankfurt-Hahn (HHN)"), ("DUS", "Düsseldorf (DUS)"),
    ("CGN", "Köln/Bonn (CGN)"), ("STR", "Stuttgart (STR)"), ("MUC", "München (MUC)"),
    ("BER", "Berlin Brandenburg (BER)"), ("HAM", "Hamburg (HAM)"), ("LUX", "Luxembourg (LUX)"),
]


class Travel(VersionedModel):
    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="travel")
    departure_date = models.DateField(_("departure date"), null=True, blank=True)
    airport = models.CharField(_("airport or bus station"), max_length=80, blank=True)
    connection = EncryptedTextField(_("flight or bus details"), blank=True)
    needs = models.JSONField(_("escort or medical needs"), default=list, blank=True)
    needs_note = EncryptedTextField(_("notes on the needs"), blank=True)
    luggage_notes = EncryptedTextField(_("luggage"), blank=True)
    documents_checked = models.JSONField(_("documents checked"), default=list, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    def need_labels(self) -> list[str]:
        labels = dict(TravelNeed.choices)
        return [str(labels.get(code, code)) for code in self.needs]

    class Meta:
        verbose_name = _("travel")
        verbose_name_plural = _("travel")


class ProcessingTime(models.Model):
    """How long the BAMF is expected to take for a complete application (configurable data).

    facts.md §1.1 [V]: up to 8 weeks, up to 12 weeks for high-volume countries of origin; which
    countries count as high-volume is not published, so that list ships empty and unverified.
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    weeks = models.PositiveSmallIntegerField(_("weeks"))
    countries = models.JSONField(_("countries of origin (ISO codes)"), default=list, blank=True,
                                 help_text=_("Empty: the default for every other country."))
    source_url = models.URLField(_("source"), max_length=500, blank=True)
    verified_on = models.DateField(_("verified on"), null=True, blank=True)
    unverified = models.BooleanField(_("unverified"), default=False)

    class Meta:
        ordering = ["weeks", "code"]
        verbose_name = _("processing time")
        verbose_name_plural = _("processing times")

    def __str__(self):
        return translated(self, "name")
