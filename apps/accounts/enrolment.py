"""Writes around the second factor that need more than the password: enrolment grants
(a mailed link or an administrator's code), recovery codes, and an administrator's reset.

Kept beside services.py (same rules: keyword-only, one transaction, audited with codes and
ids only, never a link, code or hash) so that neither module grows past a readable size.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.accounts.codes import hash_secret, new_code, new_link_token, normalise_code
from apps.accounts.models import Membership, RecoveryCode, RecoveryCodeDevice, SecondFactorEnrolment, User
from apps.accounts.selectors import ensure_perm, manages_whole_user
from apps.core.hooks import record_audit as record

logger = logging.getLogger(__name__)

RECOVERY_CODE_COUNT = 10


# --- Enrolment grants ------------------------------------------------------------------


def enrolment_grant_new(*, user: User, kind: str, created_by: User | None) -> tuple[SecondFactorEnrolment, str]:
    """A fresh grant for `user`; earlier unused grants end, so only the newest link or code
    works. Returns the row and the plain link token or code (never stored). Runs inside
    the caller's transaction; the caller audits."""
    now = timezone.now()
    SecondFactorEnrolment.objects.filter(user=user, used_at__isnull=True, expires_at__gt=now).update(expires_at=now)
    plain = new_link_token() if kind == SecondFactorEnrolment.Kind.LINK else new_code()
    stored = plain if kind == SecondFactorEnrolment.Kind.LINK else normalise_code(plain)
    grant = SecondFactorEnrolment.objects.create(
        user=user, kind=kind, token_hash=hash_secret(stored), created_by=created_by, created_at=now,
        expires_at=now + timedelta(hours=settings.SECOND_FACTOR_ENROLMENT_HOURS),
    )
    return grant, plain


def enrolment_url(plain: str, site_url: str) -> str:
    return site_url.rstrip("/") + reverse("accounts:enrol", args=[plain])


def enrolment_issue(*, actor: User, membership: Membership, kind: str, site_url: str = "") -> str:
    """An administrator lets a member enrol (again): a link by e-mail or a code shown once
    to the administrator. Returns the plain code (for a link: the mailed token)."""
    with transaction.atomic():
        membership = _managed_other(actor, membership)
        grant, plain = enrolment_grant_new(user=membership.user, kind=kind, created_by=actor)
        record(actor, "auth.second_factor_enrolment_issued", membership,
               details={"kind": kind, "user_id": membership.user_id, "enrolment_id": grant.pk})
        if kind == SecondFactorEnrolment.Kind.LINK:
            send_enrolment_link(membership.user, enrolment_url(plain, site_url))
    return plain


def second_factor_reset(*, actor: User, membership: Membership, site_url: str = "") -> None:
    """An administrator removes a member's authenticator and recovery codes (lost phone)
    and mails a new enrolment link. Sessions verified with the old device lose their
    verification at the next request (django-otp finds the device gone)."""
    with transaction.atomic():
        membership = _managed_other(actor, membership)
        user = membership.user
        removed = TOTPDevice.objects.filter(user=user).delete()[0]
        RecoveryCodeDevice.objects.filter(user=user).delete()
        grant, plain = enrolment_grant_new(user=user, kind=SecondFactorEnrolment.Kind.LINK, created_by=actor)
        record(actor, "auth.second_factor_reset", membership,
               details={"user_id": user.pk, "devices_removed": removed, "enrolment_id": grant.pk})
        send_enrolment_link(user, enrolment_url(plain, site_url))


def _managed_other(actor: User, membership: Membership) -> Membership:
    membership = Membership.objects.select_related("user").get(pk=membership.pk)
    ensure_perm(actor, "org.manage", membership.organisation_id)
    if membership.user_id == actor.pk:
        raise ValidationError(_("You cannot do this for your own account. Ask another administrator."), code="own")
    if not manages_whole_user(actor, membership):
        # The second factor and the lockout belong to the user, in all their organisations.
        raise PermissionDenied("org.manage")
    return membership


def enrolment_grant_by_link(plain: str) -> SecondFactorEnrolment | None:
    """The usable link grant behind `plain`, or None."""
    if not plain or len(plain) > 100:
        return None
    grant = (SecondFactorEnrolment.objects.select_related("user")
             .filter(token_hash=hash_secret(plain), kind=SecondFactorEnrolment.Kind.LINK).first())
    return grant if grant is not None and grant.is_usable and grant.user.is_active else None


def enrolment_code_redeem(*, actor: User, code: str) -> SecondFactorEnrolment | None:
    """The actor's usable code grant matching `code`, or None (audited either way)."""
    grant = SecondFactorEnrolment.objects.filter(
        user=actor, kind=SecondFactorEnrolment.Kind.CODE, token_hash=hash_secret(normalise_code(code)),
    ).first()
    if grant is None or not grant.is_usable:
        record(actor, "auth.second_factor_enrolment_refused", details={"kind": "code"})
        return None
    record(actor, "auth.second_factor_enrolment_opened", grant, details={"kind": "code"})
    return grant


def enrolment_grant_usable(user: User, grant_id) -> SecondFactorEnrolment | None:
    """The grant remembered in the session, if it is still the user's and usable."""
    if not grant_id:
        return None
    grant = SecondFactorEnrolment.objects.filter(pk=grant_id, user=user).first()
    return grant if grant is not None and grant.is_usable else None


def enrolment_grant_use(*, grant: SecondFactorEnrolment) -> None:
    """Spend the grant (inside the transaction that confirms the device)."""
    updated = SecondFactorEnrolment.objects.filter(pk=grant.pk, used_at__isnull=True).update(used_at=timezone.now())
    if not updated:
        raise ValidationError(_("This enrolment link has already been used."), code="used")


def send_enrolment_link(user: User, link: str) -> None:
    """Mail the enrolment link after the transaction commits (the one place that sends it)."""
    context = {"user": user, "link": link, "hours": settings.SECOND_FACTOR_ENROLMENT_HOURS}
    subject = render_to_string("accounts/email/enrolment_subject.txt", context).strip()
    body = render_to_string("accounts/email/enrolment.txt", context)

    def send():
        try:
            send_mail(subject, body, None, [user.email])
        except OSError:
            # The administrator can issue another link or a code.
            logger.exception("enrolment mail to user %s failed", user.pk)

    transaction.on_commit(send)


# --- Recovery codes --------------------------------------------------------------------


def recovery_codes_generate(*, actor: User) -> list[str]:
    """New recovery codes for the actor, replacing any earlier ones; shown once."""
    with transaction.atomic():
        device, _created = RecoveryCodeDevice.objects.get_or_create(
            user=actor, defaults={"name": "recovery codes", "confirmed": True})
        device.codes.all().delete()
        plain = [new_code() for _ in range(RECOVERY_CODE_COUNT)]
        RecoveryCode.objects.bulk_create(RecoveryCode(device=device, code_hash=hash_secret(code)) for code in plain)
        record(actor, "auth.recovery_codes_generated", details={"count": len(plain)})
    return plain


def recovery_device(user: User) -> RecoveryCodeDevice | None:
    return RecoveryCodeDevice.objects.filter(user=user, confirmed=True).first()


def recovery_codes_left(user: User) -> int:
    return RecoveryCode.objects.filter(device__user=user).count()


def recovery_code_check(*, actor: User, code: str) -> RecoveryCodeDevice | None:
    """Spend one recovery code; the device on success (to verify the session), else None.
    Guessing is throttled by django-otp like the authenticator codes."""
    with transaction.atomic():
        device = RecoveryCodeDevice.objects.select_for_update().filter(user=actor, confirmed=True).first()
        if device is None or not device.verify_token(code):
            record(actor, "auth.second_factor_failed", details={"reason": "wrong_recovery_code"})
            return None
        record(actor, "auth.recovery_code_used", details={"left": device.codes.count()})
        return device


# --- Lockout ---------------------------------------------------------------------------


def account_unlock(*, actor: User, membership: Membership) -> int:
    """An administrator lifts a member's sign-in lockout (django-axes) before it runs out,
    e.g. after confirming by phone that the failures were the member's own. Returns the
    number of failure records removed."""
    from axes.utils import reset

    with transaction.atomic():
        membership = _managed_other(actor, membership)
        removed = reset(username=membership.user.email)
        record(actor, "auth.lockout_lifted", membership,
               details={"user_id": membership.user_id, "attempts_removed": removed})
    return removed


def enrolment_issue_by_operator(*, user: User, reset: bool = False) -> str:
    """For the server operator (no administrator can act yet, e.g. the first one): an
    enrolment code for `user`, after removing the second factor if `reset`. Audited
    without an actor, in each of the user's organisations."""
    with transaction.atomic():
        removed = 0
        if reset:
            removed = TOTPDevice.objects.filter(user=user).delete()[0]
            RecoveryCodeDevice.objects.filter(user=user).delete()
        grant, plain = enrolment_grant_new(user=user, kind=SecondFactorEnrolment.Kind.CODE, created_by=None)
        org_ids = list(Membership.objects.filter(user=user).values_list("organisation_id", flat=True))
        for org_id in org_ids or [None]:
            record(None, "auth.second_factor_enrolment_issued", grant, organisation_id=org_id,
                   details={"kind": "code", "user_id": user.pk, "by": "operator", "devices_removed": removed})
    return plain
