"""What a user may do where. Memberships are read once per request and cached on the user."""

from django.conf import settings
from django.db.models import OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from apps.accounts.models import Membership, Office, Organisation, User
from apps.core.permissions import PERSONAL_DATA_PERMISSIONS

_CACHE = "_returnnet_grants"


def grants_of(user) -> dict[int, frozenset[str]]:
    """Organisation id → permissions the user holds there (active memberships only)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return {}
    cached = getattr(user, _CACHE, None)
    if cached is None:
        rows = Membership.objects.filter(
            user=user, is_active=True, organisation__is_active=True
        ).values_list("organisation_id", "role__permissions")
        cached = {org_id: frozenset(perms or ()) for org_id, perms in rows}
        setattr(user, _CACHE, cached)
    return cached


def forget_grants(user) -> None:
    if hasattr(user, _CACHE):
        delattr(user, _CACHE)


def permissions_of(user) -> frozenset[str]:
    """Every permission the user holds in any organisation."""
    return frozenset().union(*grants_of(user).values()) if grants_of(user) else frozenset()


def user_has_perm(user, permission: str, organisation_id: int | None = None) -> bool:
    grants = grants_of(user)
    if organisation_id is None:
        return any(permission in perms for perms in grants.values())
    return permission in grants.get(organisation_id, ())


def organisation_ids_with(user, permission: str) -> list[int]:
    return sorted(org_id for org_id, perms in grants_of(user).items() if permission in perms)


def requires_second_factor(user) -> bool:
    return settings.REQUIRE_2FA and bool(permissions_of(user) & PERSONAL_DATA_PERMISSIONS)


def memberships_of(user) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user, is_active=True).select_related(
        "organisation", "role", "office"
    )


def organisations_with(user, permission: str) -> list[Organisation]:
    """Organisations where the user holds `permission`, the user's first membership first."""
    ids = set(organisation_ids_with(user, permission))
    return [m.organisation for m in memberships_of(user).order_by("id") if m.organisation_id in ids]


def primary_organisation(user) -> Organisation | None:
    membership = memberships_of(user).order_by("id").first()
    return membership.organisation if membership else None


def members_managed_by(user) -> QuerySet[Membership]:
    """Memberships of the organisations where the user holds org.manage."""
    return (
        Membership.objects.filter(organisation_id__in=organisation_ids_with(user, "org.manage"))
        .select_related("user", "organisation", "role", "office")
        .order_by("organisation__name", "user__full_name")
    )


def manages_whole_user(actor, membership: Membership) -> bool:
    """Whether `actor` may act on the member's *user* (second factor, lockout, API tokens):
    these span all the user's organisations, so org.manage in one of them is not enough; the
    actor needs it in every active organisation of the user, and the membership must be
    active. Else an administrator of A could add a user of B and take over their access to B."""
    if not membership.is_active:
        return False
    managed = set(organisation_ids_with(actor, "org.manage"))
    org_ids = set(Membership.objects.filter(user_id=membership.user_id, is_active=True)
                  .values_list("organisation_id", flat=True))
    return bool(org_ids) and org_ids <= managed


def colleagues_of(user, organisation_id: int) -> QuerySet[User]:
    """Active users of one organisation (for assignment pickers)."""
    return User.objects.filter(
        is_active=True, memberships__organisation_id=organisation_id, memberships__is_active=True
    ).order_by("full_name")


def offices_of(organisation_ids) -> QuerySet[Office]:
    return Office.objects.filter(organisation_id__in=organisation_ids, is_active=True)


def organisations_managed_by(user) -> QuerySet[Organisation]:
    """Active organisations where the user holds org.manage (where they may add members)."""
    return Organisation.objects.filter(pk__in=organisation_ids_with(user, "org.manage"), is_active=True)


def users_of(organisation_ids) -> QuerySet[User]:
    """Everyone who is or was a member of these organisations, by name: filters over past
    work (the counsellor filter of the case list) still find former members."""
    return User.objects.filter(memberships__organisation_id__in=organisation_ids).distinct().order_by("full_name")


def ensure_perm(user, permission: str, organisation_id: int) -> None:
    """Services call this as a second line of defence behind the views' declarations."""
    from django.core.exceptions import PermissionDenied

    if not user_has_perm(user, permission, organisation_id):
        raise PermissionDenied(permission)


def locked_out_emails(emails) -> set[str]:
    """Which of these accounts django-axes keeps locked right now: failures counted on the
    e-mail address (AXES_LOCKOUT_PARAMETERS) within the cool-off reach the limit. One query."""
    from axes.models import AccessAttempt

    if not getattr(settings, "AXES_ENABLED", True):
        return set()
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    rows = (AccessAttempt.objects.filter(username__in=list(emails), attempt_time__gte=since)
            .values("username").annotate(failures=Sum("failures_since_start")))
    return {row["username"] for row in rows if row["failures"] >= settings.AXES_FAILURE_LIMIT}


def account_locked_out(user) -> bool:
    """True while sign-ins of the account are refused; its API tokens are refused too."""
    return bool(locked_out_emails([user.email]))


def lockout_failures(email_path: str):
    """A query expression: the failed sign-ins counting towards the lockout of the account
    whose e-mail is at `email_path`, so that a lookup (an API token's) learns the lockout
    in its own query. is_locked_out() reads the number."""
    from axes.models import AccessAttempt

    since = timezone.now() - settings.AXES_COOLOFF_TIME
    failures = (AccessAttempt.objects.filter(username=OuterRef(email_path), attempt_time__gte=since)
                .order_by().values("username").annotate(total=Sum("failures_since_start")).values("total")[:1])
    return Coalesce(Subquery(failures), 0)


def is_locked_out(failures: int) -> bool:
    return getattr(settings, "AXES_ENABLED", True) and failures >= settings.AXES_FAILURE_LIMIT


# Offices where people are counselled: the counselling providers' and the competence centre's
# own offices and reception facilities (not the hotline desk, not partners' premises, which
# only host counselling days). The one definition for the portal and the public API.
PUBLIC_COUNSELLING_ORGANISATIONS = (Organisation.Kind.COUNSELLING_PROVIDER, Organisation.Kind.COMPETENCE_CENTRE)
PUBLIC_COUNSELLING_OFFICES = (Office.Kind.RECEPTION_FACILITY, Office.Kind.OFFICE)


def public_offices(district=None) -> QuerySet[Office]:
    """The active counselling offices with a district (in `district` when given), by district
    and name, with organisation and district. Public information: not scoped by a user."""
    offices = Office.objects.filter(is_active=True, kind__in=PUBLIC_COUNSELLING_OFFICES, district__isnull=False,
                                    organisation__is_active=True,
                                    organisation__kind__in=PUBLIC_COUNSELLING_ORGANISATIONS)
    if district is not None:
        offices = offices.filter(district=district)
    return offices.select_related("organisation", "district").order_by("district__name", "name", "id")
