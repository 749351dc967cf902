"""Writes of the API app: personal access tokens, and the task edit the UI has no service for.

`actor=None` means a server operator acting through a management command; such writes are
audited without a user.
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.selectors import organisation_ids_with, primary_organisation
from apps.api.models import ApiToken
from apps.audit.services import record

TOKEN_PREFIX = "rn_"
# last_used_at is refreshed at most this often, so that reads do not each cause a write.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def hash_token(plain: str) -> str:
    """The stored form of a token: SHA-256, hex encoded."""
    return hashlib.sha256(plain.encode()).hexdigest()


def _check_actor(actor, user) -> None:
    if actor is not None and actor.pk != user.pk:
        raise PermissionDenied("api_token")


def _administering_organisation_id(actor, user) -> int | None:
    """An organisation of `user` where `actor` holds org.manage, or None."""
    from apps.accounts.models import Membership

    # The tokens span all the user's organisations: org.manage is needed in every active one.
    managed = set(organisation_ids_with(actor, "org.manage"))
    org_ids = sorted(Membership.objects.filter(user=user, is_active=True).values_list("organisation_id", flat=True))
    return org_ids[0] if org_ids and set(org_ids) <= managed else None


def token_lifetime_days(days: int | None) -> int:
    """The lifetime asked for, or the default; refused outside 1 … API_TOKEN_MAX_DAYS."""
    days = settings.API_TOKEN_DEFAULT_DAYS if days is None else days
    if not 1 <= days <= settings.API_TOKEN_MAX_DAYS:
        raise ValidationError(
            _("A token lasts between 1 and %(max)d days.") % {"max": settings.API_TOKEN_MAX_DAYS}, code="days")
    return days


def _audit_organisation_id(user) -> int | None:
    organisation = primary_organisation(user)
    return organisation.pk if organisation else None


@transaction.atomic
def api_token_create(*, actor, user, name: str = "", days: int | None = None) -> tuple[ApiToken, str]:
    """A new token for `user`, valid for `days` (default API_TOKEN_DEFAULT_DAYS); returns the
    stored row and the plain token (shown only once).

    The actor is the user themself or None (operator); anything else is PermissionDenied.
    """
    _check_actor(actor, user)
    if not user.is_active:
        raise ValidationError(_("Tokens can only be created for active users."))
    days = token_lifetime_days(days)
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = timezone.now()
    token = ApiToken(user=user, name=name.strip(), prefix=plain[:8], key_hash=hash_token(plain),
                     session_hash=user.get_session_auth_hash(), created_at=now,
                     expires_at=now + timedelta(days=days))
    token.full_clean()
    token.save()
    record(actor, "api_token.created", token, organisation_id=_audit_organisation_id(user),
           details={"user_id": user.pk, "days": days})
    return token, plain


@transaction.atomic
def api_token_revoke(*, actor, token: ApiToken) -> ApiToken:
    """Revoke a token for good (idempotent). The actor is the token's user, None (operator),
    or an administrator (org.manage) of an organisation the user belongs to."""
    organisation_id = _audit_organisation_id(token.user)
    if actor is not None and actor.pk != token.user_id:
        organisation_id = _administering_organisation_id(actor, token.user)
        if organisation_id is None:
            raise PermissionDenied("org.manage")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record(actor, "api_token.revoked", token, organisation_id=organisation_id,
               details={"user_id": token.user_id})
    return token


def api_token_touch(token: ApiToken) -> None:
    """Note that the token was just used (at most once per LAST_USED_RESOLUTION)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


def api_tokens_of(user):
    """The user's unrevoked tokens, newest first (expired ones included, marked by expires_at)."""
    return list(ApiToken.objects.filter(user=user, revoked_at__isnull=True).order_by("-created_at", "-id"))


def api_token_create_for_page(*, actor, user, name: str, days: int) -> tuple[ApiToken, str]:
    """api_token_create for the profile page: a name is required there."""
    if not name.strip():
        raise ValidationError(_("Say what the token is for."), code="name")
    return api_token_create(actor=actor, user=user, name=name, days=days)


def api_token_revoke_by_id(*, actor, user, token_id) -> bool:
    """Revoke the token `token_id` of `user` (rules of api_token_revoke); False if unknown."""
    try:
        token = ApiToken.objects.select_related("user").filter(user=user, pk=int(token_id)).first()
    except (TypeError, ValueError):
        return False
    if token is None:
        return False
    api_token_revoke(actor=actor, token=token)
    return True
