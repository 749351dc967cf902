"""Caching headers of the portal's GET pages.

Portal pages hold no personal data and set no cookie, so a browser or a proxy may keep
them: information pages for five minutes, pages with live data (free slots) or a form for
one minute. The language is part of the URL; Content-Language names it for caches and
screen readers. A signed-in member gets "private, no-store" from AccessPolicyMiddleware.
"""

import re
from functools import wraps

from django.http import HttpResponsePermanentRedirect
from django.utils import translation
from django.utils.cache import patch_cache_control

from apps.core.client_languages import client_language_or_default, is_client_language

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


# A first path segment that looks like a language code: "ar", "kmr", "sr-latn" in any case.
LANGUAGE_LIKE = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z]{2,8})?")


def _canonical_prefix(request) -> str | None:
    """The portal address with its language prefix in our spelling (/AR/ → /ar/, /sr-Latn/ →
    /sr-latn/), when the path's first segment names a client language in another case."""
    segment, _slash, rest = request.path_info.lstrip("/").partition("/")
    code = segment.lower()
    if segment == code or not LANGUAGE_LIKE.fullmatch(segment) or not is_client_language(code):
        return None
    query = request.META.get("QUERY_STRING", "")
    return f"/{code}/{rest}" + (f"?{query}" if query else "")


def not_found(request, exception=None):
    """The 404 page: on the portal (a path with a language prefix) the portal's own, in the
    visitor's language and without a cookie; elsewhere the back office's.

    Runs only when no route matched, so a back-office address is never taken for a language.
    A prefix of ours in another case is sent (301) to our spelling; an unknown one that looks
    like a language code (/xx/, /so/) gets the portal's page in the browser's language."""
    from django.shortcuts import render
    from django.views.defaults import page_not_found

    canonical = _canonical_prefix(request)
    if canonical is not None:
        return HttpResponsePermanentRedirect(canonical)
    if translation.get_language_from_path(request.path_info):
        return render(request, "portal/404.html", status=404)
    segment = request.path_info.lstrip("/").partition("/")[0]
    if not LANGUAGE_LIKE.fullmatch(segment):
        return page_not_found(request, exception)
    language = client_language_or_default(translation.get_language_from_request(request))
    with translation.override(language):
        response = render(request, "portal/404.html", status=404)
        response["Content-Language"] = language
    return response


def page_language() -> str:
    """The client language of the page being answered (the URL's prefix)."""
    return client_language_or_default(translation.get_language())


def see_other(url: str):
    """303 after a POST: the browser follows with a GET, so a reload never posts again."""
    from django.shortcuts import redirect

    response = redirect(url)
    response.status_code = 303
    return response
