"""/api/v1/: ninja's generated views, declared as token-authenticated API views.

AccessPolicyMiddleware lets views with access_policy "api" through without a session;
each operation then demands its bearer token (apps/api/auth.py).
"""

from django.http import HttpRequest, JsonResponse
from django.urls import URLPattern, URLResolver, path, re_path

from apps.api.api import api

ACCESS_POLICY = "api"
# ninja reverses this name to find where the API is mounted; its own view is an HTML 404.
ROOT_NAME = "api-root"


def _unknown_path(request: HttpRequest, rest: str = "") -> JsonResponse:
    """Any path below /api/v1/ that is no operation is a JSON 404, not the HTML page."""
    return JsonResponse({"detail": "Not found."}, status=404, headers={"Cache-Control": "no-store"})


def _declare_api_views(patterns: list[URLPattern | URLResolver]) -> list[URLPattern | URLResolver]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            _declare_api_views(pattern.url_patterns)
        else:
            pattern.callback.access_policy = ACCESS_POLICY
    return patterns


def _api_patterns() -> list[URLPattern | URLResolver]:
    patterns = [p for p in api.urls[0] if getattr(p, "name", None) != ROOT_NAME]
    return [*patterns, path("", _unknown_path, name=ROOT_NAME), re_path(r"^(?P<rest>.*)$", _unknown_path)]


app_name = "api"
urlpatterns = _declare_api_views(_api_patterns())
