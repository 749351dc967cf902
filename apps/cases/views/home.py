from django.shortcuts import render

from apps.cases import selectors
from apps.core.permissions import require_login
from apps.core.registry import home_widgets


@require_login
def home(request):
    """The signed-in user's day: open cases, tasks due, today's sessions."""
    return render(request, "cases/home.html", {
        "open_cases": selectors.my_open_cases(request.user)[:20],
        "due_tasks": selectors.my_due_tasks(request.user)[:20],
        "sessions_today": selectors.my_sessions_today(request.user),
        "widgets": home_widgets(request.user),
    })
