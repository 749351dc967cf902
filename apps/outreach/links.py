"""Absolute links into the public portal, per client language (for QR codes, flyers and
campaign links). The portal's URL names are strings here: outreach never imports the portal
(it sits in a higher layer, docs/architecture.md)."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils import translation

from apps.core.links import site_url_of


def base_url_of(request) -> str:
    """The site's address (settings.SITE_URL), never the host this request arrived at: a
    printed QR code must lead to the public address."""
    return site_url_of(request)


def portal_materials_url(base_url: str, language: str) -> str:
    with translation.override(language):
        return base_url.rstrip("/") + reverse("portal:materials")


def campaign_url(base_url: str, language: str, code: str) -> str:
    """The campaign link: the portal's start page in `language` with the campaign code."""
    with translation.override(language):
        return base_url.rstrip("/") + reverse("portal:home") + "?" + urlencode({"c": code})
