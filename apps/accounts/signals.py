"""Security events go to the audit log."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from apps.accounts.models import Membership, User
from apps.audit.services import record


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    record(user, "auth.login")


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        record(user, "auth.logout")


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    # The attempted e-mail is kept so that an officer can see attacks on an account;
    # never the password.
    username = str(credentials.get("username", ""))[:254]
    target = User.objects.filter(email__iexact=username).first()
    record(None, "auth.login_failed", organisation_id=_home_of(target), details={"username": username})


def _home_of(user) -> int | None:
    if user is None:
        return None
    return Membership.objects.filter(user=user).order_by("organisation_id").values_list(
        "organisation_id", flat=True).first()
