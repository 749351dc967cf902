"""Writes of the accounts app: second factor, sessions, passwords and memberships.

Every function runs in one transaction and records what it did in the audit log — codes and
ids only, never names, addresses, codes or passwords.
"""

import enum
import logging
from base64 import b32encode

import segno
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.accounts.enrolment import enrolment_grant_new, enrolment_grant_use, enrolment_url
from apps.accounts.models import (
    Membership,
    Office,
    Organisation,
    Role,
    SecondFactorEnrolment,
    User,
    new_session_salt,
)
from apps.accounts.selectors import ensure_perm
from apps.core.hooks import record_audit as record

logger = logging.getLogger(__name__)

# --- Second factor ---------------------------------------------------------------------


class TokenCheck(enum.Enum):
    VERIFIED = "verified"
    WRONG = "wrong"
    THROTTLED = "throttled"


def confirmed_device(user) -> TOTPDevice | None:
    """The user's confirmed TOTP device, if they have enrolled one."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("id").first()


def second_factor_enrolment_device(*, user, since=None) -> TOTPDevice:
    """The unconfirmed device shown during enrolment; the same one until it is confirmed,
    so reloading the page does not invalidate a QR code already scanned. With `since` (the
    enrolment grant's creation), older unconfirmed devices are not reused: their secret may
    have been shown before enrolment needed a grant."""
    devices = TOTPDevice.objects.filter(user=user, confirmed=False)
    if since is not None:
        devices = devices.filter(created_at__gte=since)
    device = devices.order_by("-id").first()
    return device or TOTPDevice.objects.create(user=user, name="ReturnNet", confirmed=False)


def second_factor_check(*, actor, device: TOTPDevice, token: str, grant=None) -> TokenCheck:
    """Check a code against the actor's device; confirms an enrolment on the first success.

    An enrolment needs a usable grant (enrolment link or code, apps.accounts.enrolment)
    wherever the second factor is required; the grant is spent with the confirmation.
    Guessing is throttled by django-otp: every failure doubles the wait before the next try.
    """
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=actor)
        if not device.confirmed and settings.REQUIRE_2FA and grant is None:
            raise PermissionDenied("second_factor.enrolment")
        allowed, _info = device.verify_is_allowed()
        if not allowed:
            record(actor, "auth.second_factor_failed", details={"reason": "throttled"})
            return TokenCheck.THROTTLED
        if not device.verify_token(token):
            record(actor, "auth.second_factor_failed", details={"reason": "wrong_code"})
            return TokenCheck.WRONG
        if not device.confirmed:
            if grant is not None:
                enrolment_grant_use(grant=grant)
            _confirm(actor, device)
        record(actor, "auth.second_factor_verified")
        return TokenCheck.VERIFIED


def _confirm(actor, device: TOTPDevice) -> None:
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=actor, confirmed=False).delete()
    record(actor, "auth.second_factor_enrolled")


def device_secret(device: TOTPDevice) -> str:
    """The key in base32, in groups of four, for typing it into an app by hand."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def device_qr_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// URL as an SVG data: URI, drawn here: the key never leaves the server."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)


# --- Sessions and passwords ------------------------------------------------------------


def sessions_end_everywhere(*, actor: User) -> None:
    """Invalidate every session of the actor, on every device (the salt is in the session hash)."""
    with transaction.atomic():
        actor.session_salt = new_session_salt()
        actor.save(update_fields=["session_salt"])
        record(actor, "auth.logout_all")


def password_change(*, actor: User, new_password: str) -> User:
    """Set a new password; every other session ends because the session hash covers it."""
    with transaction.atomic():
        actor.set_password(new_password)
        actor.save(update_fields=["password"])
        record(actor, "auth.password_changed")
    return actor


# --- Members of an organisation --------------------------------------------------------


def member_create(
    *, actor: User, organisation: Organisation, email: str, full_name: str, role: Role,
    office: Office | None, site_url: str = "",
) -> Membership:
    """Add a person to the organisation. A new user gets an e-mail with a link to set a
    password; an existing user (of any organisation) only gains the membership."""
    email = User.objects.normalize_email(email).strip().lower()
    with transaction.atomic():
        ensure_perm(actor, "org.manage", organisation.pk)
        _check_office(office, organisation)
        user = User.objects.filter(email__iexact=email).first()
        created = user is None
        if created:
            user = User.objects.create_user(email=email, password=None, full_name=full_name)
        elif Membership.objects.filter(user=user, organisation=organisation).exists():
            raise ValidationError(
                _("This person is already a member of the organisation."), code="duplicate_member"
            )
        membership = Membership.objects.create(
            user=user, organisation=organisation, role=role, office=office
        )
        record(actor, "membership.created", membership,
               details={"role": role.code, "office_id": office.pk if office else None,
                        "new_user": created})
        enrolment_link = ""
        if created:
            # The password alone must not let anyone enrol the second factor: the invitation
            # carries the enrolment link as well (apps.accounts.enrolment).
            _grant, plain = enrolment_grant_new(user=user, kind=SecondFactorEnrolment.Kind.LINK, created_by=actor)
            enrolment_link = enrolment_url(plain, site_url)
        transaction.on_commit(lambda: _send_welcome(user, organisation, created, site_url, enrolment_link))
    return membership


def membership_update(
    *, actor: User, membership: Membership, role: Role, office: Office | None, is_active: bool
) -> Membership:
    """Change role, office or activity of one membership; the user record stays untouched,
    since the person may belong to other organisations too."""
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        ensure_perm(actor, "org.manage", membership.organisation_id)
        _check_office(office, membership.organisation)
        if membership.user_id == actor.pk:
            raise ValidationError(
                _("You cannot change your own membership. Ask another administrator."), code="own"
            )
        changes = _membership_changes(membership, role, office, is_active)
        if changes:
            membership.role, membership.office, membership.is_active = role, office, is_active
            if "is_active" in changes:
                membership.deactivated_at = None if is_active else timezone.now()
            membership.save(update_fields=["role", "office", "is_active", "deactivated_at"])
            record(actor, "membership.updated", membership, details=changes)
    return membership


def _membership_changes(membership: Membership, role, office, is_active) -> dict:
    changes = {}
    if membership.role_id != role.pk:
        changes["role"] = [membership.role.code, role.code]
    if membership.office_id != (office.pk if office else None):
        changes["office_id"] = [membership.office_id, office.pk if office else None]
    if membership.is_active != is_active:
        changes["is_active"] = [membership.is_active, is_active]
    return changes


def _check_office(office: Office | None, organisation: Organisation) -> None:
    if office is not None and office.organisation_id != organisation.pk:
        raise ValidationError({"office": _("This office belongs to another organisation.")})


def password_set_url(user: User, site_url: str) -> str:
    """An absolute link to set a password, valid until used (Django's reset tokens)."""
    path = reverse("accounts:password_set", kwargs={
        "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    })
    return site_url.rstrip("/") + path


def _send_welcome(
    user: User, organisation: Organisation, created: bool, site_url: str, enrolment_link: str = ""
) -> None:
    context = {
        "user": user,
        "enrolment_link": enrolment_link,
        "enrolment_hours": settings.SECOND_FACTOR_ENROLMENT_HOURS,
        "organisation": organisation,
        "link": password_set_url(user, site_url) if created else site_url.rstrip("/") + reverse(
            "accounts:login"
        ),
        "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
    }
    template = "accounts/email/invitation" if created else "accounts/email/added"
    subject = render_to_string(f"{template}_subject.txt", context).strip()
    body = render_to_string(f"{template}.txt", context)
    try:
        send_mail(subject, body, None, [user.email])
    except OSError:
        # The membership stands; the person can still ask for a link on the sign-in page.
        logger.exception("welcome mail to user %s failed", user.pk)
