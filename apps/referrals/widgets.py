"""Home-page widgets: each returns its context, or None when it does not apply to the user.
Each costs one query (plus the permission lookup cached on the user), however many rows."""

from apps.accounts.selectors import user_has_perm
from apps.referrals import selectors

LIMIT = 10


def _rows(queryset) -> list:
    return list(queryset[:LIMIT])


def waiting(user) -> dict | None:
    if not user_has_perm(user, "case.write"):
        return None
    return {"referrals": _rows(selectors.waiting_for_response(user))}


def overdue(user) -> dict | None:
    if not user_has_perm(user, "case.write"):
        return None
    return {"referrals": _rows(selectors.overdue_follow_ups(user))}


def inbox(user) -> dict | None:
    if not user_has_perm(user, "referral.receive"):
        return None
    return {"referrals": _rows(selectors.new_in_inbox(user))}


def incoming(user) -> dict | None:
    if not user_has_perm(user, "case.write"):
        return None
    receiving = selectors.receiving_organisation_ids(user)
    if not receiving:
        return None
    return {"incoming": _rows(selectors.new_incoming(user))}
