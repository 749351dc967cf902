from functools import cache

from django.contrib.staticfiles import finders
from django.db import connection
from django.http import Http404, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.i18n import set_language as django_set_language

from apps.core.permissions import public

set_language = public(django_set_language)


@public
@never_cache
def health(request):
    """For load balancers: the app answers and reaches its database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@cache
def _favicon() -> bytes | None:
    path = finders.find("favicon.ico")
    if path is None:
        return None
    with open(path, "rb") as icon:
        return icon.read()


@public
def favicon(request):
    """/favicon.ico: browsers and tools ask for it at the root, whatever the page links
    (base.html links static/favicon.svg). Served here, not redirected, so it is one request
    and cached for a day."""
    data = _favicon()
    if data is None:
        raise Http404
    response = HttpResponse(data, content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=86400"
    return response
