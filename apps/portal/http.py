"""Caching headers of the portal's GET pages.

Portal pages hold no personal data and set no cookie, so a browser or a proxy may keep
them: information pages for five minutes, pages with live data (free slots) or a form for
one minute. The language is part of the URL; Content-Language names it for caches and
screen readers. A signed-in member gets "private, no-store" from AccessPolicyMiddleware.
"""

from functools import wraps

from django.utils import translation
from django.utils.cache import patch_cache_control

INFO_MAX_AGE = 300
LIVE_MAX_AGE = 60


def cached(max_age: int = INFO_MAX_AGE):
    """Mark a successful GET/HEAD response of a portal view as publicly cacheable."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            if request.method in ("GET", "HEAD") and response.status_code == 200 and not response.cookies:
                patch_cache_control(response, public=True, max_age=max_age)
            response.setdefault("Content-Language", translation.get_language())
            return response

        return wrapped

    return decorator


def not_found(request, exception=None):
    """The 404 page: on the portal (a path with a language prefix) the portal's own, in the
    visitor's language and without a cookie; elsewhere the back office's."""
    from django.shortcuts import render
    from django.views.defaults import page_not_found

    if not translation.get_language_from_path(request.path_info):
        return page_not_found(request, exception)
    return render(request, "portal/404.html", status=404)
