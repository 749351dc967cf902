"""Helpers of the events views."""

from django.shortcuts import render

from apps.accounts.selectors import user_has_perm


def base_url_of(request) -> str:
    """Scheme and host the request arrived at: the mails' links point there."""
    return request.build_absolute_uri("/").rstrip("/")


def staff_language(request) -> str:
    from django.utils import translation

    language = (translation.get_language() or "de")[:2]
    return language if language in ("de", "en") else "de"


def render_page(request, template: str, context: dict, status: int = 200):
    return render(request, template, {**context, "can_organise": user_has_perm(request.user, "network.manage")},
                  status=status)
