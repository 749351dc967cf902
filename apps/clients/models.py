"""Persons (clients and their family members), households and consents."""

from django.conf import settings
from django.core.validators import EmailValidator, MaxLengthValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from apps.core.fields import EncryptedPhoneField, EncryptedTextField
from apps.core.models import AuditLabelMixin, VersionedModel


class Person(AuditLabelMixin, VersionedModel):
    audit_noun = "person"

    class BirthDatePrecision(models.TextChoices):
        EXACT = "exact", _("exact date")
        MONTH = "month", _("month and year")
        YEAR = "year", _("year only")
        UNKNOWN = "unknown", _("unknown")

    class Sex(models.TextChoices):
        FEMALE = "female", _("female")
        MALE = "male", _("male")
        DIVERSE = "diverse", _("diverse")
        UNKNOWN = "unknown", _("not stated")

    class ResidenceStatus(models.TextChoices):
        ASYLUM_REQUEST = "asylum_request", _("Asylum request expressed (Ankunftsnachweis)")
        PERMISSION_TO_RESIDE = "permission_to_reside", _("Permission to reside (Aufenthaltsgestattung)")
        TOLERATION = "toleration", _("Toleration (Duldung)")
        OBLIGED_TO_LEAVE = "obliged_to_leave", _("Obliged to leave (Grenzübertrittsbescheinigung)")
        RESIDENCE_PERMIT = "residence_permit", _("Residence permit (Aufenthaltserlaubnis)")
        EU_CITIZEN = "eu_citizen", _("EU citizen")
        OTHER = "other", _("Other")
        UNKNOWN = "unknown", _("Unknown")

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="persons"
    )
    family_name = models.CharField(_("family name"), max_length=150)
    given_names = models.CharField(_("given names"), max_length=150, blank=True)
    name_variants = models.TextField(
        _("name variants"), blank=True,
        help_text=_("Other spellings and transliterations, one per line."),
    )
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    birth_date_precision = models.CharField(
        _("precision of the date of birth"), max_length=8,
        choices=BirthDatePrecision.choices, default=BirthDatePrecision.EXACT,
    )
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices, default=Sex.UNKNOWN)
    nationalities = CountryField(_("nationalities"), multiple=True, blank=True)
    # Contacts, street, city and the BAMF file number are encrypted at rest: nothing searches,
    # filters or sorts by them (the search goes by name tokens). The postcode and the district
    # stay readable: the district decides the responsible office and the statistics, and the
    # postcode finds the district (docs/data-protection.md, section 8). max_length is checked
    # by forms and model validation, not by the column. The phone is kept in E.164 form.
    phone = EncryptedPhoneField(_("phone"), blank=True, validators=[MaxLengthValidator(40)])
    email = EncryptedTextField(_("e-mail"), max_length=254, blank=True,
                               validators=[MaxLengthValidator(254), EmailValidator()])
    street = EncryptedTextField(_("street and number"), max_length=200, blank=True,
                                validators=[MaxLengthValidator(200)])
    postcode = models.CharField(_("postcode"), max_length=5, blank=True)
    city = EncryptedTextField(_("city"), max_length=100, blank=True, validators=[MaxLengthValidator(100)])
    district = models.ForeignKey(
        "regions.District", verbose_name=_("district"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    residence_status = models.CharField(
        _("residence status"), max_length=24, choices=ResidenceStatus.choices,
        default=ResidenceStatus.UNKNOWN,
    )
    residence_valid_until = models.DateField(_("residence status valid until"), null=True, blank=True)
    bamf_file_number = EncryptedTextField(_("BAMF file number"), max_length=30, blank=True,
                                          validators=[MaxLengthValidator(30)])
    # Set when the retention run or an erasure anonymised the person: what statistics need
    # stays (year-of-birth band, sex, nationalities, district), names and contacts are gone.
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)
    # Set when a team lead merged this record into another one (the duplicate review): the
    # record stays, hidden from every list, so that the merge can be undone from its audit
    # entry (apps.duplicates).
    merged_into = models.ForeignKey(
        "self", verbose_name=_("merged into"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="merged_persons",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["family_name", "given_names"]
        indexes = [models.Index(fields=["organisation", "birth_date"], name="person_org_birth")]
        verbose_name = _("person")
        verbose_name_plural = _("persons")

    def __str__(self):
        return f"{self.family_name}, {self.given_names}".strip(", ")

    @property
    def display_birth_date(self) -> str:
        if not self.birth_date or self.birth_date_precision == self.BirthDatePrecision.UNKNOWN:
            return "—"
        fmt = {"exact": "%d.%m.%Y", "month": "%m/%Y", "year": "%Y"}[self.birth_date_precision]
        return self.birth_date.strftime(fmt)

    @property
    def age(self) -> int | None:
        if not self.birth_date or self.birth_date_precision == self.BirthDatePrecision.UNKNOWN:
            return None
        today = timezone.localdate()
        born = self.birth_date
        return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


class PersonLanguage(models.Model):
    class Level(models.TextChoices):
        NATIVE = "native", _("first language")
        FLUENT = "fluent", _("fluent")
        BASIC = "basic", _("basic")
        INTERPRETER = "interpreter", _("interpreter needed")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(_("language (ISO 639)"), max_length=3)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "language"], name="person_language_unique")
        ]


class PersonNameToken(models.Model):
    """Search keys of a person's names (see clients.names); rebuilt on every name change."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="name_tokens")
    token = models.CharField(max_length=64)

    class Meta:
        indexes = [models.Index(fields=["token", "person"], name="person_token_idx")]


class HouseholdNameToken(models.Model):
    """The name tokens of all members of a household, so that the case search goes from a
    name straight to households (and their cases) without passing through each person."""

    household = models.ForeignKey("Household", on_delete=models.CASCADE, related_name="name_tokens")
    token = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["token", "household"], name="household_token_unique")
        ]


class Household(models.Model):
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="households"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")

    def __str__(self):
        return f"household #{self.pk}"

    audit_label = property(__str__)


class HouseholdMember(models.Model):
    class Relationship(models.TextChoices):
        PRINCIPAL = "principal", _("principal applicant")
        PARTNER = "partner", _("spouse or partner")
        CHILD = "child", _("child")
        PARENT = "parent", _("parent")
        SIBLING = "sibling", _("sibling")
        OTHER_RELATIVE = "relative", _("other relative")
        OTHER = "other", _("other")

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    relationship = models.CharField(_("relationship"), max_length=12, choices=Relationship.choices)
    is_principal = models.BooleanField(_("principal"), default=False)

    class Meta:
        ordering = ["-is_principal", "id"]
        constraints = [
            models.UniqueConstraint(fields=["household", "person"], name="household_member_unique"),
            models.UniqueConstraint(
                fields=["household"], condition=models.Q(is_principal=True),
                name="household_one_principal",
            ),
        ]
        indexes = [models.Index(fields=["person", "household"], name="member_person_idx")]


class Consent(models.Model):
    class Purpose(models.TextChoices):
        COUNSELLING = "counselling", _("Counselling")
        DISCLOSURE_TO_AUTHORITY = "disclosure_to_authority", _("Disclosure to an authority")
        DISCLOSURE_TO_ORIGIN_PARTNER = (
            "disclosure_to_origin_country_partner", _("Disclosure to a partner in the country of origin")
        )
        REFERRAL = "referral", _("Referral to a specialist service")
        CONTACT_BY_PHONE = "contact_by_phone", _("Contact by phone")
        CONTACT_BY_SMS = "contact_by_sms", _("Contact by text message")
        CONTACT_BY_EMAIL = "contact_by_email", _("Contact by e-mail")
        STATISTICS = "statistics", _("Anonymised statistics")

    class Form(models.TextChoices):
        ORAL = "oral", _("oral")
        WRITTEN = "written", _("written")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="consents_collected"
    )
    purpose = models.CharField(_("purpose"), max_length=40, choices=Purpose.choices)
    recipient = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("recipient"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="consents_received",
    )
    given_at = models.DateTimeField(_("given at"), default=timezone.now)
    form = models.CharField(_("form"), max_length=8, choices=Form.choices)
    language = models.CharField(_("language of the explanation"), max_length=3)
    interpreter_used = models.BooleanField(_("with interpreter"), default=False)
    notes = EncryptedTextField(_("notes"), blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-given_at"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self):
        return f"{self.get_purpose_display()} ({self.given_at:%d.%m.%Y})"

    @property
    def is_valid(self) -> bool:
        return self.withdrawn_at is None
