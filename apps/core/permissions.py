"""The permission vocabulary and how views declare what they need.

Permissions are namespaced strings granted by roles (accounts.Role, kept as data). A view
declares its need with one of the decorators below; the decorator records it on the view
so that tests can prove every route declares something (see core/tests/test_routes.py).
"""

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from apps.core.hooks import user_has_perm

PERMISSIONS: dict[str, str] = {
    "case.read": _("Read cases and clients of the organisation"),
    "case.write": _("Create and edit cases, clients, sessions, tasks and consents"),
    "case.assign": _("Assign counsellors to cases"),
    "case.restricted.read": _("Read restricted cases without being assigned"),
    "audit.read": _("Read the audit log of the organisation"),
    "org.manage": _("Manage users and memberships of the organisation"),
    "report.view": _("View aggregated statistics"),
    "case.sensitive.read": _(
        "See vulnerabilities that reveal special categories of data (health, sexuality, violence, trafficking)"
    ),
    "referral.receive": _("See and answer referrals addressed to the organisation"),
    "referral.submit": _("Refer persons to a counselling organisation and follow the status"),
    "directory.manage": _("Edit the service directory and the country-of-origin contacts"),
    "taxonomy.manage": _("Edit network-wide lists such as assessment questions and vulnerability types"),
    "disclosure.create": _("Disclose consented data of a case to another organisation, and revoke it"),
    "disclosure.receive": _("Read the disclosures addressed to the organisation"),
    "application.confirm": _("Confirm disclosed applications, ask questions and record border crossing certificates"),
    "programme.manage": _("Edit return programmes, their versions and rules"),
    "mobile.plan": _("Plan mobile counselling: locations, counselling days, tours, hosting requests"),
    "mobile.host": _("Ask to host mobile counselling at the organisation's premises"),
    "coverage.view": _("See the coverage of the districts by counselling days"),
    "jobs.manage": _("See background jobs and outgoing messages of the organisation, and run failed ones again"),
    "hotline.take": _("Log hotline calls and work the callback queue"),
    "hotline.supervise": _("See the callback queue of the organisation, its age and service level, and assign "
                           "callbacks"),
    "portal.manage": _("Edit the public portal's texts (hotline number, hours, notices) in every language"),
    "outreach.manage": _("Manage information materials, campaigns and orders of printed materials"),
    "material.order": _("Order printed information materials for the organisation"),
    "network.participate": _("Use the network: partner directory, events and registration, expert questions to "
                             "the Kompetenzzentrum, the knowledge base"),
    "network.manage": _("Run the network: maintain the partner directory, organise events, answer and publish "
                        "expert questions"),
    "report.drilldown": _("Open the records behind a figure (only records the user may read anyway)"),
    "privacy.manage": _("Oversee data protection: retention rules and runs, legal holds, the records of "
                        "processing, disclosures that left the organisation and account events"),
    "privacy.erase": _("Erase or anonymise a person on request and export all data of a person (Art. 15, 17 "
                       "GDPR)"),
    "person.merge": _("Review possible duplicate persons of the organisation, merge them and undo a merge"),
}

# A role holding any of these reads personal data and therefore needs a second factor.
PERSONAL_DATA_PERMISSIONS = frozenset({
    "case.read", "case.write", "case.assign", "case.restricted.read", "case.sensitive.read", "audit.read",
    "org.manage", "referral.receive", "referral.submit", "disclosure.create", "disclosure.receive",
    "application.confirm", "hotline.take", "hotline.supervise", "network.participate", "network.manage",
    "report.drilldown", "privacy.manage", "privacy.erase", "person.merge",
})


def _login_check(request) -> None:
    if not request.user.is_authenticated:
        raise PermissionDenied


def require_perm(permission: str) -> Callable:
    """Allow members holding `permission` in at least one organisation.

    Which objects they see is decided by the selectors, never here.
    """
    if permission not in PERMISSIONS:
        raise ValueError(f"unknown permission {permission}")

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            _login_check(request)
            if not user_has_perm(request.user, permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.access_policy = f"perm:{permission}"
        return wrapped

    return decorator


def require_login(view) -> Callable:
    """Any signed-in user (pages about the user themself: home, profile, second factor)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        _login_check(request)
        return view(request, *args, **kwargs)

    wrapped.access_policy = "login"
    return wrapped


def public(view) -> Callable:
    """Reachable without signing in (sign-in page, language switch)."""
    view.access_policy = "public"
    return view


def internal(allowed: Callable) -> Callable:
    """For machines, not people (Prometheus' scrape of /metrics): allowed by where the request
    comes from or a token from the environment (`allowed(request)`), never by a role or a
    session. Everybody else gets 404, as if the route did not exist."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not allowed(request):
                raise Http404
            return view(request, *args, **kwargs)

        wrapped.access_policy = "internal"
        return wrapped

    return decorator
