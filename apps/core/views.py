from functools import cache

from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.i18n import set_language as django_set_language
from prometheus_client import CONTENT_TYPE_LATEST

from apps.core.health import readiness
from apps.core.metrics import may_read_metrics
from apps.core.metrics import render as render_metrics
from apps.core.permissions import internal, public

set_language = public(django_set_language)


@public
@never_cache
def health(request):
    """Liveness, for load balancers and systemd: the process answers. No database query, so a
    database outage takes servers out of rotation (/readyz) without getting them restarted."""
    return JsonResponse({"status": "ok"})


@public
@never_cache
def ready(request):
    """Readiness: the databases (primary and replica) answer and the job queue can be read; the
    queue's figures are reported. 503 with the reasons when not ready. No personal data."""
    is_ready, report = readiness()
    return JsonResponse(report, status=200 if is_ready else 503)


@internal(may_read_metrics)
@never_cache
def metrics(request):
    """Prometheus' scrape: only from METRICS_ALLOWED_IPS or with METRICS_TOKEN (404 otherwise)."""
    return HttpResponse(render_metrics(), content_type=CONTENT_TYPE_LATEST)


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
