from django import template
from django.utils.http import urlencode

from apps.core.languages import language_name

register = template.Library()


@register.filter
def language(code: str) -> str:
    """ISO 639 code → language name in the user's language."""
    return language_name(code) if code else ""


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters replaced (for sorting and paging links)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + urlencode(sorted(params.lists()), doseq=True)


@register.filter
def get_item(mapping, key):
    """mapping[key] in a template, or an empty list when the key is missing."""
    return (mapping or {}).get(key, [])
