"""Home-page widgets: each returns its context, or None when it does not apply to the user.
Each costs one query (plus the permission lookup cached on the user, and the audit entry),
however many rows. Rows shown are a read of personal data: audited with their ids."""

from apps.accounts.selectors import user_has_perm
from apps.audit.services import record
from apps.referrals import selectors

LIMIT = 10


def _rows(queryset) -> list:
    return list(queryset[:LIMIT])


def _audited(user, rows: list, *, action: str, widget: str, organisation_of) -> list:
    """Record the read of `rows`, one entry per organisation they belong to."""
    by_organisation: dict[int, list[int]] = {}
    for row in rows:
        by_organisation.setdefault(organisation_of(row), []).append(row.pk)
    for organisation_id, ids in by_organisation.items():
        record(user, action, organisation_id=organisation_id, details={"ids": ids, "widget": widget})
    return rows


def _case_organisation(referral) -> int:
    return referral.case.organisation_id


def waiting(user) -> dict | None:
    if not user_has_perm(user, "case.write"):
        return None
    rows = _rows(selectors.waiting_for_response(user))
    return {"referrals": _audited(user, rows, action="referral.list_viewed", widget="waiting",
                                  organisation_of=_case_organisation)}


def overdue(user) -> dict | None:
    if not user_has_perm(user, "case.write"):
        return None
    rows = _rows(selectors.overdue_follow_ups(user))
    return {"referrals": _audited(user, rows, action="referral.list_viewed", widget="overdue",
                                  organisation_of=_case_organisation)}


def inbox(user) -> dict | None:
    if not user_has_perm(user, "referral.receive"):
        return None
    rows = _rows(selectors.new_in_inbox(user))
    return {"referrals": _audited(user, rows, action="referral.inbox_list_viewed", widget="inbox",
                                  organisation_of=lambda referral: referral.recipient_organisation_id)}


def incoming(user) -> dict | None:
    if not user_has_perm(user, "case.write"):
        return None
    receiving = selectors.receiving_organisation_ids(user)
    if not receiving:
        return None
    rows = _rows(selectors.new_incoming(user))
    return {"incoming": _audited(user, rows, action="incoming_referral.list_viewed", widget="incoming",
                                 organisation_of=lambda incoming: incoming.to_organisation_id)}
