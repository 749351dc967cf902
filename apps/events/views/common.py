"""Helpers of the events views."""

from django.shortcuts import render

from apps.accounts.selectors import user_has_perm
from apps.core.links import site_url_of


def base_url_of(request) -> str:
    """The site's address (settings.SITE_URL): the mails' links point there."""
    return site_url_of(request)


def staff_language(request) -> str:
    from django.utils import translation

    language = (translation.get_language() or "de")[:2]
    return language if language in ("de", "en") else "de"


def render_page(request, template: str, context: dict, status: int = 200):
    return render(request, template, {**context, "can_organise": user_has_perm(request.user, "network.manage")},
                  status=status)
