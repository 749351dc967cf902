"""The network: the partner directory (profiles, contacts listed with consent, agreements),
expert questions to the Kompetenzzentrum (Fachanfragen) with their thread, and the knowledge
base of anonymised, published answers.

Nothing here is personal data of clients. Contacts are staff of partner organisations:
personal data, shown only while their consent to be listed is recorded and not withdrawn,
and every read of them is audited. Question texts must not identify anybody (the identifier
check of apps.countryinfo.identifiers runs on every text).
"""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.fields import EncryptedTextField
from apps.core.models import AuditLabelMixin, VersionedModel
from apps.core.storage import document_storage


class NetworkRole(models.TextChoices):
    HOSTS_MOBILE_COUNSELLING = "hosts_mobile_counselling", _("Hosts mobile counselling")
    REFERS_CLIENTS = "refers_clients", _("Refers clients")
    AUTHORITY_RETURN_COUNSELLING = "authority_return_counselling", _("Return counselling of an authority")
    COUNSELLING_PROVIDER = "counselling_provider", _("Counselling provider")
    COMPETENCE_CENTRE = "competence_centre", _("Kompetenzzentrum")
    FUNDER = "funder", _("Funder")


class NetworkProfile(AuditLabelMixin, VersionedModel):
    """How an organisation takes part in the network (its kind is Organisation.kind)."""

    audit_noun = "network profile"

    organisation = models.OneToOneField("accounts.Organisation", on_delete=models.CASCADE,
                                        related_name="network_profile")
    roles = models.JSONField(_("roles in the network"), default=list, blank=True)
    districts = models.ManyToManyField("regions.District", verbose_name=_("districts served"), blank=True,
                                       related_name="network_profiles")
    description = models.TextField(_("description"), max_length=2000, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("network profile")
        verbose_name_plural = _("network profiles")

    def role_labels(self) -> list[str]:
        return [str(NetworkRole(code).label) for code in self.roles if code in NetworkRole.values]


class PartnerContact(AuditLabelMixin, VersionedModel):
    """A person to contact at a partner organisation. Listed only while the consent to be
    listed is recorded (when, recorded by whom) and not withdrawn."""

    audit_noun = "partner contact"

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE,
                                     related_name="network_contacts")
    name = models.CharField(_("name"), max_length=200)
    function = models.CharField(_("function"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    consent_given_on = models.DateField(_("consent to be listed given on"), null=True, blank=True)
    consent_recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                            on_delete=models.SET_NULL, related_name="+")
    consent_withdrawn_at = models.DateTimeField(_("consent withdrawn"), null=True, blank=True)

    class Meta:
        ordering = ["organisation", "name", "pk"]
        verbose_name = _("partner contact")
        verbose_name_plural = _("partner contacts")

    @property
    def listed(self) -> bool:
        return self.consent_given_on is not None and self.consent_withdrawn_at is None


class AgreementKind(models.TextChoices):
    HOSTING = "hosting", _("Hosting mobile counselling")
    COOPERATION = "cooperation", _("Cooperation agreement")
    DATA_PROCESSING = "data_processing", _("Data-processing agreement")
    OTHER = "other", _("Other agreement")


def agreement_path(instance, filename: str) -> str:
    # The stored name says nothing about the content (the original name is kept apart).
    import uuid

    return f"network/agreements/{instance.organisation_id}/{uuid.uuid4().hex}"


class Agreement(AuditLabelMixin, VersionedModel):
    """An agreement with a partner organisation, optionally with its signed PDF (encrypted at rest)."""

    audit_noun = "agreement"

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE,
                                     related_name="network_agreements")
    kind = models.CharField(_("kind"), max_length=24, choices=AgreementKind.choices)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    file = models.FileField(storage=document_storage, upload_to=agreement_path, max_length=200, blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["organisation", "-valid_from", "pk"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")


class QuestionCategory(models.TextChoices):
    PROGRAMMES = "programmes", _("Programmes (REAG/GARP and others)")
    COUNTRY = "country", _("Country of origin")
    LEGAL = "legal", _("Legal questions")
    VULNERABILITIES = "vulnerabilities", _("Vulnerabilities")
    REINTEGRATION = "reintegration", _("Reintegration")
    PROCEDURE = "procedure", _("Procedure and cooperation with authorities")
    OTHER = "other", _("Other")


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Normal")
    URGENT = "urgent", _("Urgent")


class QuestionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ExpertQuestion(AuditLabelMixin, VersionedModel):
    """A Fachanfrage: a question about assisted return to a Kompetenzzentrum. The asking
    organisation and the Kompetenzzentrum see it; nobody else."""

    audit_noun = "expert question"

    organisation = models.ForeignKey("accounts.Organisation", verbose_name=_("asking organisation"),
                                     on_delete=models.PROTECT, related_name="expert_questions")
    competence_centre = models.ForeignKey("accounts.Organisation", verbose_name=_("Kompetenzzentrum"),
                                          on_delete=models.PROTECT, related_name="expert_questions_received")
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    subject = models.CharField(_("subject"), max_length=200)
    category = models.CharField(_("category"), max_length=24, choices=QuestionCategory.choices)
    urgency = models.CharField(_("urgency"), max_length=8, choices=Urgency.choices, default=Urgency.NORMAL)
    status = models.CharField(_("status"), max_length=12, choices=QuestionStatus.choices,
                              default=QuestionStatus.OPEN)
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("coordinator"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    asked_at = models.DateTimeField(_("asked"), default=timezone.now)
    due_on = models.DateField(_("answer due"))
    answered_at = models.DateTimeField(_("first answered"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        ordering = ["-asked_at", "-pk"]
        verbose_name = _("expert question")
        verbose_name_plural = _("expert questions")
        indexes = [models.Index(fields=["competence_centre", "status"], name="question_centre_status"),
                   models.Index(fields=["organisation", "-asked_at"], name="question_org_asked")]


class QuestionMessage(models.Model):
    """One message of a question's thread; the first is the question itself."""

    question = models.ForeignKey(ExpertQuestion, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    from_centre = models.BooleanField(default=False)
    # Questions are meant to be anonymous, but a case is described in them: encrypted at rest
    # like the other free texts (nothing searches them; the knowledge base is edited copies).
    text = EncryptedTextField(_("text"), max_length=5000, validators=[MaxLengthValidator(5000)])
    posted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("message of an expert question")
        verbose_name_plural = _("messages of expert questions")
        ordering = ["posted_at", "pk"]


class KnowledgeArticle(AuditLabelMixin, VersionedModel):
    """An anonymised, edited copy of an answered question for the whole network."""

    audit_noun = "knowledge article"

    question = models.ForeignKey(ExpertQuestion, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="articles")
    organisation = models.ForeignKey("accounts.Organisation", verbose_name=_("Kompetenzzentrum"),
                                     on_delete=models.PROTECT, related_name="knowledge_articles")
    title = models.CharField(_("title"), max_length=200)
    question_text = models.TextField(_("question"), max_length=5000)
    answer_text = models.TextField(_("answer"), max_length=10000)
    category = models.CharField(_("category"), max_length=24, choices=QuestionCategory.choices)
    tags = models.JSONField(_("tags"), default=list, blank=True)
    published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("knowledge article")
        verbose_name_plural = _("knowledge articles")
