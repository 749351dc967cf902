"""Reads the API needs beyond those of clients and cases, scoped the same way.

household_for, person_has_household, tasks_assigned_to, topics_with_codes and district_with_id
would sit better in clients, cases and regions; they live here until those apps grow them.
"""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from apps.accounts.selectors import lockout_failures
from apps.api.models import ApiToken
from apps.api.services import hash_token
from apps.audit.services import record
from apps.cases.models import Task, Topic
from apps.cases.selectors import cases_visible_to
from apps.clients.models import Household, HouseholdMember
from apps.clients.selectors import households_visible_to
from apps.regions.models import District

MAX_TOKEN_LENGTH = 200


def active_token(plain: str) -> ApiToken | None:
    """The unrevoked, unexpired token of an active user matching `plain`, or None; its
    `lockout_failures` say (in the same query) whether the account is locked out."""
    if not plain or len(plain) > MAX_TOKEN_LENGTH:
        return None
    return (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_token(plain), revoked_at__isnull=True, user__is_active=True,
                expires_at__gt=timezone.now())
        .annotate(lockout_failures=lockout_failures("user__email"))
        .first()
    )


def token_still_bound(token: ApiToken) -> bool:
    """False once the user changed the password or signed out everywhere, and, where the
    second factor is required, while the user has no confirmed TOTP device."""
    from django.utils.crypto import constant_time_compare
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from apps.accounts.selectors import requires_second_factor

    if not constant_time_compare(token.session_hash, token.user.get_session_auth_hash()):
        return False
    if requires_second_factor(token.user):
        return TOTPDevice.objects.filter(user=token.user, confirmed=True).exists()
    return True


def households_with_members(user) -> QuerySet[Household]:
    """Visible households, members and their persons fetched in two more queries."""
    return households_visible_to(user).prefetch_related("members__person").order_by("id")


def household_for(user, pk: int) -> Household:
    """A household the user may see, or 404; the read is audited (members are personal data)."""
    household = get_object_or_404(households_with_members(user), pk=pk)
    record(user, "household.viewed", household)
    return household


def person_has_household(person) -> bool:
    return HouseholdMember.objects.filter(person=person).exists()


def tasks_assigned_to(user) -> QuerySet[Task]:
    """Tasks assigned to the user in cases the user may see, open ones first."""
    return Task.objects.filter(case__in=cases_visible_to(user), assignee=user).select_related("case")


def topics_with_codes(codes: list[str]) -> dict[str, Topic]:
    """Active topics by code; unknown or inactive codes are simply missing."""
    return {t.code: t for t in Topic.objects.filter(code__in=codes, is_active=True)}


def district_with_id(pk: int) -> District | None:
    return District.objects.filter(pk=pk).first()
