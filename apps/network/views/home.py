"""The network's start page: the way to the directory, events, expert questions and the
knowledge base; for the Kompetenzzentrum's coordinators the open and overdue questions."""

from django.urls import NoReverseMatch, reverse

from apps.core.permissions import require_perm
from apps.network import selectors
from apps.network.views.common import render_page


def _events_url() -> str:
    # The events app hangs its list under this name; until it does, the page leaves the link out.
    try:
        return reverse("events:list")
    except NoReverseMatch:
        return ""


@require_perm("network.participate")
def home(request):
    queue = selectors.centre_queue_counts(request.user) if selectors.can_manage(request.user) else None
    return render_page(request, "network/home.html", {"events_url": _events_url(), "queue": queue})
