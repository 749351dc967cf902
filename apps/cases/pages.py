"""Context every case page shares (header, tabs), for the views of cases and of the apps above
it that add tabs to the case page (apps.core.registry). Not a view module: higher apps may
import it (docs/architecture.md)."""

from django.utils.translation import gettext_lazy as _

from apps.accounts.selectors import offices_of, user_has_perm
from apps.cases.models import Case, CaseStatus
from apps.cases.services import allowed_transitions
from apps.core.registry import CASE_TABS, CaseTab, person_badges

# Higher apps add their tabs through apps.core.registry; these orders leave room between.
BASE_TABS = [
    CaseTab("overview", _("Overview"), "cases:detail", 10),
    CaseTab("household", _("Household"), "cases:household", 20),
    CaseTab("sessions", _("Sessions"), "cases:sessions", 40),
    CaseTab("consents", _("Consents"), "cases:consents", 60),
    CaseTab("documents", _("Documents"), "cases:documents", 80),
    CaseTab("tasks", _("Tasks"), "cases:tasks", 90),
    CaseTab("timeline", _("Timeline"), "cases:timeline", 100),
]


def case_tabs() -> list[CaseTab]:
    return sorted([*BASE_TABS, *CASE_TABS], key=lambda t: t.order)


def case_badges(badges_by_person: dict[int, list[dict]]) -> list[dict]:
    """The case header shows each kind of badge once, however many members carry it."""
    seen, badges = set(), []
    for person_badges_ in badges_by_person.values():
        for badge in person_badges_:
            if badge["label"] not in seen:
                seen.add(badge["label"])
                badges.append(badge)
    return badges


def case_context(request, case: Case, tab: str, **extra) -> dict:
    """`page_title` (else `heading`, else the tab's label) names the page in base.html's
    <title> before the case reference, so that every case page has a title of its own."""
    badges_by_person = person_badges(request.user, case)
    tabs = case_tabs()
    labels = {t.code: t.label for t in tabs}
    return {
        "case": case,
        "tab": tab,
        "case_page_title": extra.get("page_title") or extra.get("heading") or labels.get(tab, ""),
        "tabs": tabs,
        "badges_by_person": badges_by_person,
        "case_badges": case_badges(badges_by_person),
        "principal": case.household.members.filter(is_principal=True).select_related("person").first(),
        "can_write": user_has_perm(request.user, "case.write", case.organisation_id),
        "can_assign": user_has_perm(request.user, "case.assign", case.organisation_id),
        "transitions": [(t, CaseStatus(t).label) for t in allowed_transitions(case)],
        **extra,
    }


def case_offices(case: Case):
    return offices_of([case.organisation_id])
