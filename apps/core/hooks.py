"""Services that the lowest apps need from the apps above them, filled in at start-up.

`core` (the lowest layer) asks "may this user …?" in its decorators, middleware and
context processor, and `accounts` (above core) writes security events to the audit log
(`audit`, above accounts). Importing the app that answers would point an import upward
(docs/architecture.md), so that app registers its functions here in its AppConfig.ready()
and the lower app calls them through this module. A hook nobody filled raises
ImproperlyConfigured: a permission check or an audit entry must never be skipped silently.
"""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured

_HOOKS: dict[str, Callable[..., Any]] = {}


def register_access(*, has_perm: Callable, permissions_of: Callable, requires_second_factor: Callable) -> None:
    """Called by accounts, which keeps memberships and roles."""
    _HOOKS.update(has_perm=has_perm, permissions_of=permissions_of, requires_second_factor=requires_second_factor)


def register_audit_recorder(record: Callable) -> None:
    """Called by audit, which keeps the log."""
    _HOOKS["record_audit"] = record


def _hook(name: str) -> Callable[..., Any]:
    try:
        return _HOOKS[name]
    except KeyError:
        raise ImproperlyConfigured(f"No installed app registered the hook {name!r} (apps.core.hooks).") from None


def user_has_perm(user, permission: str, organisation_id: int | None = None) -> bool:
    """Whether the user holds `permission` (in `organisation_id`, or in any organisation)."""
    return _hook("has_perm")(user, permission, organisation_id)


def permissions_of(user) -> frozenset[str]:
    """Every permission the user holds in any organisation."""
    return _hook("permissions_of")(user)


def requires_second_factor(user) -> bool:
    """Whether the user must confirm a second factor before reading anything."""
    return _hook("requires_second_factor")(user)


def record_audit(actor, action: str, obj=None, **fields):
    """Append an audit entry, in the caller's transaction (see apps.audit.services.record)."""
    return _hook("record_audit")(actor, action, obj, **fields)
