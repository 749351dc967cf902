"""The portal frame (header, navigation, footer) for every portal page, whoever renders it."""

import re
from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from apps.core.client_languages import client_language, client_language_or_default, is_rtl
from apps.portal.texts import texts

register = template.Library()

NAV = [
    ("home", _("Home")),
    ("how", _("How counselling works")),
    ("programmes", _("Support programmes")),
    ("find", _("Find counselling")),
    ("callback", _("Request a callback")),
    ("materials", _("Materials")),
]
# Pages whose path holds a secret (the manage link's token): the language link must not carry
# it to /<lang>/languages/?next=…, a publicly cacheable page that proxies and logs keep.
SECRET_PAGES = {"manage"}


@register.simple_tag(takes_context=True)
def portal_frame(context) -> dict:
    """Texts and links of the frame in the active language; the page may pass its own `portal_texts`."""
    language = client_language_or_default(translation.get_language())
    values = context.get("portal_texts") or texts(language)
    request = context.get("request")
    current = getattr(getattr(request, "resolver_match", None), "url_name", None)
    lang = client_language(language)
    number = values["hotline_number"]
    languages_url = reverse("portal:languages")
    if request is not None and current != "languages" and current not in SECRET_PAGES:
        # The languages page links to this very page in each language.
        languages_url += "?" + urlencode({"next": request.path}, safe="/")
    return {
        "language": lang,
        "languages_url": languages_url,
        "draft": not lang.reviewed,
        "network_name": values["network_name"],
        "notice": values["notice"],
        "hotline_number": number,
        "hotline_tel": re.sub(r"[^0-9+]", "", number),
        "hotline_hours": values["hotline_hours"],
        "nav": [{"url": reverse(f"portal:{name}"), "label": label, "current": name == current}
                for name, label in NAV],
    }


@register.filter
def in_language(value):
    """An editable text, marked with its language when that is not the page's (a German
    fallback inside an Arabic page: lang="de" dir="ltr", WCAG 3.1.2)."""
    language = getattr(value, "language", "")
    if not value or not language or language == translation.get_language():
        return value
    return format_html('<span lang="{}" dir="{}">{}</span>', language, "rtl" if is_rtl(language) else "ltr", value)


@register.filter
def german(value):
    """A name from German data inside a page of another language, marked lang="de" dir="ltr"."""
    return format_html('<span lang="de" dir="ltr">{}</span>', value) if value else value
