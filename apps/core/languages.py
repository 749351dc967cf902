"""ISO 639 language choices with names in the user's language (from pycountry's catalogues)."""

import gettext
from functools import lru_cache

import pycountry
from django.conf import settings
from django.utils.translation import get_language

# Languages counselled most often come first; every other ISO 639-1 language follows.
COMMON = ["de", "en", "ar", "fa", "prs", "ps", "ku", "kmr", "ckb", "tr", "ru", "uk", "ka", "sq",
          "mk", "sr", "ro", "ti", "so", "am", "ur", "fr", "ha", "yo", "ig", "tw", "bn", "hy", "az"]


def _lookup(code: str):
    return pycountry.languages.get(alpha_2=code) if len(code) == 2 else pycountry.languages.get(alpha_3=code)


@lru_cache(maxsize=8)
def _choices(ui_language: str) -> tuple[tuple[str, str], ...]:
    try:
        catalogue = gettext.translation("iso639-3", pycountry.LOCALES_DIR, languages=[ui_language])
        translate = catalogue.gettext
    except OSError:
        def translate(name):
            return name
    common = [(code, translate(_lookup(code).name)) for code in COMMON if _lookup(code)]
    rest = sorted(
        ((lang.alpha_2, translate(lang.name)) for lang in pycountry.languages
         if hasattr(lang, "alpha_2") and lang.alpha_2 not in COMMON),
        key=lambda item: item[1],
    )
    return tuple(common + rest)


def language_choices() -> list[tuple[str, str]]:
    return list(_choices((get_language() or "de")[:2]))


def language_name(code: str) -> str:
    """The name of a language in the user's language; client languages such as "sr-latn" by the
    name ReturnNet gives them (settings.LANGUAGES), every other ISO 639 code by pycountry's."""
    client = dict(settings.LANGUAGES)
    if code in client:
        return str(client[code])
    return dict(_choices((get_language() or "de")[:2])).get(code, code)
