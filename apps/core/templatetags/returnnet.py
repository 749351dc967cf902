"""Template filters of the back office: names instead of codes (languages, countries,
districts, months), German number formats (percent). The one place for them."""

import math
from datetime import date

from django import template
from django.utils.dates import MONTHS
from django.utils.formats import number_format
from django.utils.http import urlencode
from django_countries import countries as all_countries

from apps.core.languages import language_name

register = template.Library()


@register.filter
def language(code: str) -> str:
    """ISO 639 code → language name in the user's language."""
    return language_name(code) if code else ""


@register.filter
def languages(codes) -> str:
    """A list of ISO 639 codes → "Russisch, Ukrainisch" ("" for none)."""
    return ", ".join(language_name(code) for code in codes or () if code)


@register.filter
def country(code) -> str:
    """An ISO 3166 code (or a django-countries Country) → the country's name in the user's
    language; an unknown code stays as it is."""
    code = str(getattr(code, "code", code) or "")
    return str(all_countries.name(code) or code) if code else ""


@register.filter
def countries(codes) -> str:
    """A list of country codes (or Country objects), or their stored form "IQ,SY" → "Irak, Syrien"."""
    if isinstance(codes, str):
        codes = codes.split(",")
    return ", ".join(name for name in (country(code.strip() if isinstance(code, str) else code)
                                       for code in codes or ()) if name)


@register.filter
def district(value) -> str:
    """A district → the name that tells it apart ("Kaiserslautern (Stadt)" beside the
    Landkreis of the same name): apps.regions' display name, else its plain name."""
    if not value:
        return ""
    return str(getattr(value, "display_name", None) or getattr(value, "name", value))


@register.filter
def month(value) -> str:
    """"2027-01" (or a date) → "Januar 2027"; anything else unchanged."""
    if isinstance(value, date):
        year, number = value.year, value.month
    else:
        try:
            year, number = (int(part) for part in str(value).split("-")[:2])
        except ValueError:
            return value
    return f"{MONTHS[number]} {year}" if number in MONTHS else value


@register.filter
def isodate(value):
    """"1982-07-22" → a date, for the date filter ({{ value|isodate|date:"d.m.Y" }}); data
    that was prepared for an export keeps ISO dates. Anything else unchanged."""
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    return value


@register.filter
def percent(ratio, decimals=None) -> str:
    """A ratio (0.9772) → "98 %", in the user's number format (German: "0,07 %").

    Whole per cents from 1 % up; below that one significant digit, so that a small value
    never reads 0 % ("0,07 %", "0,5 %"), and "< 0,01 %" below that. `decimals` fixes the
    number of decimals instead."""
    if ratio is None or ratio == "":
        return ""
    try:
        value = float(ratio) * 100
    except (TypeError, ValueError):
        return ""
    if not math.isfinite(value):
        return ""
    if decimals is None:
        magnitude = abs(value)
        if 0 < magnitude < 0.01:
            return f"< {number_format(0.01, 2)}\N{NO-BREAK SPACE}%"
        decimals = 0 if magnitude >= 1 or magnitude == 0 else -math.floor(math.log10(magnitude))
    value = round(value, int(decimals))
    return f"{number_format(value, int(decimals))}\N{NO-BREAK SPACE}%"


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
