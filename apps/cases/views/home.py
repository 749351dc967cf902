from django.shortcuts import render

from apps.audit.services import record
from apps.cases import selectors
from apps.core.permissions import require_login
from apps.core.registry import home_widgets


@require_login
def home(request):
    """The signed-in user's day: open cases, tasks due, today's sessions."""
    open_cases = list(selectors.my_open_cases(request.user)[:20])
    _audit_names_shown(request.user, open_cases)
    return render(request, "cases/home.html", {
        "open_cases": open_cases,
        "due_tasks": selectors.my_due_tasks(request.user, limit=20),
        "sessions_today": selectors.my_sessions_today(request.user),
        "widgets": home_widgets(request.user),
    })


def _audit_names_shown(user, cases) -> None:
    """The list names the principals: a read of personal data, one entry per organisation."""
    by_organisation: dict[int, list[int]] = {}
    for case in cases:
        by_organisation.setdefault(case.organisation_id, []).append(case.pk)
    for organisation_id, ids in by_organisation.items():
        record(user, "case.list_viewed", organisation_id=organisation_id, details={"ids": ids, "page": "home"})
