"""Home-page widgets: each returns its context, or None when it does not apply to the user.
Each costs a constant number of queries however many rows; the rows shown are a read of
personal data (they name disclosures): audited with their ids."""

from apps.accounts.selectors import user_has_perm
from apps.audit.services import record
from apps.disclosures import selectors

LIMIT = 10


def _audited(user, rows: list, widget: str) -> list:
    by_organisation: dict[int, list[int]] = {}
    for disclosure in rows:
        by_organisation.setdefault(disclosure.case.organisation_id, []).append(disclosure.pk)
    for organisation_id, ids in by_organisation.items():
        record(user, "disclosure.inbox_list_viewed", organisation_id=organisation_id,
               details={"ids": ids, "widget": widget})
    return rows


def authority_inbox(user) -> dict | None:
    """New disclosures and open questions of the authority."""
    if not user_has_perm(user, "disclosure.receive"):
        return None
    new = list(selectors.new_in_inbox(user)[:LIMIT])
    questions = list(selectors.open_questions(user)[:LIMIT])
    _audited(user, list({d.pk: d for d in [*new, *questions]}.values()), "authority_inbox")
    return {"new": new, "questions": questions}


def questions_to_answer(user) -> dict | None:
    """The disclosing side: questions of authorities waiting for an answer."""
    if not user_has_perm(user, "disclosure.create"):
        return None
    rows = list(selectors.unanswered_questions(user)[:LIMIT])
    if not rows:
        return None
    for organisation_id in {d.case.organisation_id for d in rows}:
        record(user, "disclosure.list_viewed", organisation_id=organisation_id,
               details={"ids": [d.pk for d in rows if d.case.organisation_id == organisation_id],
                        "widget": "questions"})
    return {"disclosures": rows}
