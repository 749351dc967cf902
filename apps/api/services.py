"""Writes of the API app: personal access tokens, and the task edit the UI has no service for.

`actor=None` means a server operator acting through a management command; such writes are
audited without a user.
"""

import hashlib
import secrets
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.selectors import primary_organisation
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


def _audit_organisation_id(user) -> int | None:
    organisation = primary_organisation(user)
    return organisation.pk if organisation else None


@transaction.atomic
def api_token_create(*, actor, user, name: str = "") -> tuple[ApiToken, str]:
    """A new token for `user`; returns the stored row and the plain token (shown only once).

    The actor is the user themself or None (operator); anything else is PermissionDenied.
    """
    _check_actor(actor, user)
    if not user.is_active:
        raise ValidationError(_("Tokens can only be created for active users."))
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name.strip(), prefix=plain[:8], key_hash=hash_token(plain),
                     session_hash=user.get_session_auth_hash())
    token.full_clean()
    token.save()
    record(actor, "api_token.created", token, organisation_id=_audit_organisation_id(user),
           details={"user_id": user.pk})
    return token, plain


@transaction.atomic
def api_token_revoke(*, actor, token: ApiToken) -> ApiToken:
    """Revoke a token for good (idempotent). Same actor rule as api_token_create."""
    _check_actor(actor, token.user)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record(actor, "api_token.revoked", token,
               organisation_id=_audit_organisation_id(token.user), details={"user_id": token.user_id})
    return token


def api_token_touch(token: ApiToken) -> None:
    """Note that the token was just used (at most once per LAST_USED_RESOLUTION)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
