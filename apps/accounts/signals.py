"""Security events go to the audit log of every organisation the account belongs to, so
that each organisation's data-protection officer sees attacks on its members."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from apps.accounts.models import Membership, User
from apps.core.hooks import record_audit as record


def record_security_event(action: str, *, actor=None, account=None, details=None) -> None:
    """One entry per organisation of `account` (or one without organisation if unknown)."""
    org_ids = list(Membership.objects.filter(user=account, is_active=True).order_by(
        "organisation_id").values_list("organisation_id", flat=True)) if account is not None else []
    for org_id in org_ids or [None]:
        record(actor, action, organisation_id=org_id, details=details)


def account_named(username: str):
    return User.objects.filter(email__iexact=username).first() if username else None


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    record_security_event("auth.login", actor=user, account=user)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        record_security_event("auth.logout", actor=user, account=user)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    # The attempted e-mail is kept so that an officer can see attacks on an account;
    # never the password.
    username = str(credentials.get("username", ""))[:254]
    record_security_event("auth.login_failed", account=account_named(username), details={"username": username})
