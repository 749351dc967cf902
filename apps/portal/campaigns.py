"""Privacy-friendly campaign counting: a portal GET with ?c=<campaign code> is counted (a
daily number per campaign and language in apps.outreach, nothing about the visitor, no IP)
and redirected to the same URL without the parameter, so the clean page stays cacheable
and the code does not travel on in bookmarks or shares. Unknown codes are simply dropped.
"""

from django.http import HttpResponseRedirect
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.http import urlencode

from apps.outreach.services import count_campaign_visit

PARAMETER = "c"


class CampaignVisitMiddleware:
    """Only portal pages (those under a language prefix, /de/…) and only GET/HEAD."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD") and PARAMETER in request.GET and \
                translation.get_language_from_path(request.path_info) and _portal_page(request.path_info):
            return self._count_and_redirect(request)
        return self.get_response(request)

    def _count_and_redirect(self, request):
        code = request.GET.get(PARAMETER, "").strip()
        if code:  # the service checks the code's shape before any query
            count_campaign_visit(code=code, language=translation.get_language_from_path(request.path_info))
        rest = request.GET.copy()
        rest.pop(PARAMETER, None)
        query = urlencode(list(rest.lists()), doseq=True)
        response = HttpResponseRedirect(request.path + (f"?{query}" if query else ""))
        # The redirect depends on the code; it must not be cached in place of the page.
        response["Cache-Control"] = "no-store"
        return response


def _portal_page(path: str) -> bool:
    """Only a page of the portal counts: /de/no-such-page/?c=… is not a visit of anything.
    (Runs below RefuseUnstorableInputMiddleware: the path and code hold no NUL here.)"""
    try:
        return resolve(path).namespace == "portal"
    except Resolver404:
        return False
