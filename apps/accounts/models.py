"""Organisations, their offices, users and what each user may do in each organisation."""

import secrets

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin

from apps.accounts.codes import hash_secret, normalise_code
from apps.core.i18n_data import translated


class Organisation(models.Model):
    class Kind(models.TextChoices):
        COUNSELLING_PROVIDER = "counselling_provider", _("Counselling provider")
        COMPETENCE_CENTRE = "competence_centre", _("Competence centre")
        AUTHORITY = "authority", _("Authority")
        PARTNER = "partner", _("Partner organisation")
        FUNDER = "funder", _("Funder")

    name = models.CharField(_("name"), max_length=200, unique=True)
    code = models.CharField(
        _("code"), max_length=12, unique=True,
        help_text=_("Short code used in case reference numbers, e.g. IOM."),
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    district = models.ForeignKey(
        "regions.District", verbose_name=_("district"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="organisations",
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name


class Office(models.Model):
    class Kind(models.TextChoices):
        RECEPTION_FACILITY = "reception_facility", _("Reception facility (AfA)")
        OFFICE = "office", _("Office")
        HOTLINE = "hotline", _("Hotline")
        PARTNER_PREMISES = "partner_premises", _("Partner premises")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="offices")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    street = models.CharField(_("street"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=5, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    district = models.ForeignKey(
        "regions.District", verbose_name=_("district"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="offices",
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["organisation__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="office_name_unique")
        ]
        verbose_name = _("office")
        verbose_name_plural = _("offices")

    def __str__(self):
        return self.name


class Role(models.Model):
    """A named set of namespaced permissions (see core.permissions.PERMISSIONS)."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    permissions = models.JSONField(_("permissions"), default=list)

    class Meta:
        ordering = ["name"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")

    def __str__(self):
        return translated(self, "name")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra):
        if not email:
            raise ValueError("email is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user


def new_session_salt() -> str:
    return secrets.token_hex(16)


class User(AbstractBaseUser):
    email = models.EmailField(_("e-mail"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    # Part of the session hash: changing it signs the user out on every device.
    session_salt = models.CharField(max_length=32, default=new_session_salt, editable=False)

    objects = UserManager()
    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.full_name or self.email

    def get_session_auth_hash(self):
        from django.utils.crypto import salted_hmac

        return salted_hmac(
            "returnnet.session", self.password + self.session_salt, algorithm="sha256"
        ).hexdigest()

    # Django's admin and some libraries ask these; ReturnNet does not use Django's
    # model permissions, only roles.
    is_staff = False
    is_superuser = False


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="memberships")
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="memberships")
    office = models.ForeignKey(
        Office, null=True, blank=True, on_delete=models.SET_NULL, related_name="memberships"
    )
    is_active = models.BooleanField(_("active"), default=True)
    # When the membership was last deactivated: the retention rule for staff accounts counts
    # from it (apps.accounts.privacy).
    deactivated_at = models.DateTimeField(_("deactivated"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="membership_unique")
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self):
        return f"{self.user} @ {self.organisation} ({self.role})"


# --- Second factor: enrolment grants and recovery codes --------------------------------
# Both are secrets kept only as SHA-256 hashes: they carry at least 80 random bits, so a
# fast hash suffices (no password-style stretching needed).


class SecondFactorEnrolment(models.Model):
    """Permission to enrol a second factor, handed out by an administrator: a link mailed
    to the person, or a code the administrator passes on. Whoever holds only the password
    cannot enrol; single use, and it expires."""

    class Kind(models.TextChoices):
        LINK = "link", _("E-mailed link")
        CODE = "code", _("Code issued by an administrator")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="second_factor_enrolments")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("second-factor enrolment")
        verbose_name_plural = _("second-factor enrolments")

    @property
    def audit_label(self) -> str:
        return f"enrolment #{self.pk}"

    @property
    def is_usable(self) -> bool:
        return self.used_at is None and self.expires_at > timezone.now()


class RecoveryCodeDevice(ThrottlingMixin, Device):
    """The set of a user's recovery codes, as a django-otp device: a code verifies the
    session like the authenticator app. django-otp's own static device keeps its codes in
    plain text, so ReturnNet keeps hashes instead."""

    def get_throttle_factor(self):
        return 1

    def verify_token(self, token):
        allowed, _info = self.verify_is_allowed()
        if not allowed:
            return False
        match = self.codes.filter(code_hash=hash_secret(normalise_code(token))).first()
        if match is None:
            self.throttle_increment()
            return False
        match.delete()  # single use
        self.throttle_reset()
        return True


class RecoveryCode(models.Model):
    device = models.ForeignKey(RecoveryCodeDevice, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=64, editable=False)

    class Meta:
        verbose_name = _("recovery code")
        verbose_name_plural = _("recovery codes")
