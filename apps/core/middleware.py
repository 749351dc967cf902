"""Enforces sign-in and the second factor before any view that is not public runs."""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.http import urlencode

from apps.core.client_languages import staff_language_for
from apps.core.hooks import requires_second_factor

# Views that a signed-in user without a verified second factor may still reach.
SECOND_FACTOR_POLICIES = {"public", "second-factor"}


class AccessPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            # Pages with personal data must not stay in browser or proxy caches.
            patch_cache_control(response, no_store=True, private=True)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        policy = getattr(view_func, "access_policy", None)
        # "internal" (/metrics) is decided by network or token in its own decorator, never by a session.
        if policy in {"public", "api", "internal"} or request.path.startswith(settings.STATIC_URL):
            return None
        if not request.user.is_authenticated:
            if request.path == "/" and getattr(settings, "PUBLIC_HOME", None):
                # A visitor who types the bare address meets the public portal in their language.
                with translation.override(translation.get_language_from_request(request)):
                    return redirect(reverse(settings.PUBLIC_HOME))
            return redirect_to_login(request.get_full_path())
        if policy in SECOND_FACTOR_POLICIES:
            return None
        if second_factor_missing(request.user):
            target = reverse("accounts:second_factor")
            return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return None


def second_factor_missing(user) -> bool:
    """True when this user must confirm a TOTP code before reading anything."""
    return requires_second_factor(user) and not user.is_verified()


class StaffLanguageMiddleware:
    """The back office speaks the staff languages only.

    LocaleMiddleware knows every client language (the portal's URLs start with one). Outside
    those URLs it would follow a browser that prefers Arabic into a half-translated back office,
    so pages without a language prefix fall back to the staff choice or German.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not translation.get_language_from_path(request.path_info) and \
                translation.get_language() not in settings.STAFF_LANGUAGES:
            language = staff_language_for(request)
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)
