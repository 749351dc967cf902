"""Labels that are data carry their translations with the data.

Taxonomies and survey items ship as rows (data migrations) that an administrator may edit, so
gettext cannot translate them: a catalogue would go stale the moment a row changes. By
convention such a row keeps its German original in `<field>` (German is the network's working
language), the English text in `<field>_en`, and, where clients read the label, any other
language in `<field>_translations` ({"ar": "…", "fa": "…"}). Answer options stored as JSON
follow the same keys ({"label": …, "label_en": …, "label_translations": {…}}).

Fixed choices defined in code (`TextChoices`) use gettext instead, never this module.
"""

from collections.abc import Mapping

from django.utils import translation

# The language of `<field>` itself. Not settings.LANGUAGE_CODE: that is a deployment choice
# (and "en" in the test settings), while the shipped rows are written in German.
ORIGINAL_LANGUAGE = "de"


def _value(row, key: str):
    if isinstance(row, Mapping):
        return row.get(key)
    return getattr(row, key, None)


def translated(row, field: str = "name", language: str | None = None) -> str:
    """The label `field` of `row` (a model instance or a mapping) in `language` (default: the
    active one), else the German original, so a label is never empty while the row has one.

    A language without its own text gets the German original, not the English one: pages of
    other languages mark such a label lang="de" (the portal's programme names)."""
    language = (language or translation.get_language() or ORIGINAL_LANGUAGE).lower()
    original = _value(row, field) or ""
    if language == ORIGINAL_LANGUAGE:
        return original
    if language == "en" or language.startswith("en-"):
        return _value(row, f"{field}_en") or original
    return (_value(row, f"{field}_translations") or {}).get(language) or original


def translations_of(row, field: str = "name") -> dict[str, str]:
    """Every language the label exists in: {"de": …, "en": …, "ar": …} (empty ones left out)."""
    found = {ORIGINAL_LANGUAGE: _value(row, field), "en": _value(row, f"{field}_en"),
             **(_value(row, f"{field}_translations") or {})}
    return {code: text for code, text in found.items() if text}
