"""Context every case page shares (header, tabs)."""

from apps.accounts.selectors import offices_of, user_has_perm
from apps.cases.models import Case, CaseStatus
from apps.cases.services import allowed_transitions

TABS = [
    ("overview", "cases:detail"), ("household", "cases:household"), ("sessions", "cases:sessions"),
    ("consents", "cases:consents"), ("tasks", "cases:tasks"), ("timeline", "cases:timeline"),
]


def case_context(request, case: Case, tab: str, **extra) -> dict:
    return {
        "case": case,
        "tab": tab,
        "tabs": TABS,
        "principal": case.household.members.filter(is_principal=True).select_related("person").first(),
        "can_write": user_has_perm(request.user, "case.write", case.organisation_id),
        "can_assign": user_has_perm(request.user, "case.assign", case.organisation_id),
        "transitions": [(t, CaseStatus(t).label) for t in allowed_transitions(case)],
        **extra,
    }


def case_offices(case: Case):
    return offices_of([case.organisation_id])
