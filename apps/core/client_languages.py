"""The languages clients read, for every part of the product that writes for them.

The portal, appointment notices, flyers and other client-facing documents choose from these
(settings.LANGUAGES); the back office speaks settings.STAFF_LANGUAGES only. A language is
"reviewed" once a native speaker checked its catalogue (settings.REVIEWED_LANGUAGES); the
others are drafts and say so. (apps/core/languages.py is the other list: every ISO 639
language a person may speak, for case data.)
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.translation import get_language_info


@dataclass(frozen=True)
class ClientLanguage:
    code: str
    name: str          # in the current interface language (German in the back office)
    name_local: str    # in the language itself, for language lists
    rtl: bool
    reviewed: bool


def _language(code: str, name) -> ClientLanguage:
    info = get_language_info(code)
    return ClientLanguage(code=code, name=str(name), name_local=info["name_local"],
                          rtl=code in settings.LANGUAGES_BIDI, reviewed=code in settings.REVIEWED_LANGUAGES)


def client_languages() -> list[ClientLanguage]:
    return [_language(code, name) for code, name in settings.LANGUAGES]


def client_language(code: str | None) -> ClientLanguage | None:
    names = dict(settings.LANGUAGES)
    return _language(code, names[code]) if code in names else None


def is_client_language(code: str | None) -> bool:
    return code in dict(settings.LANGUAGES)


def client_language_or_default(code: str | None) -> str:
    """The code itself when clients can read ReturnNet in it, else German."""
    return code if is_client_language(code) else settings.LANGUAGE_CODE


def client_language_choices() -> list[tuple[str, str]]:
    """(code, "Name (name in itself)") for form fields where staff pick a language clients read."""
    return [(lang.code, lang.name if lang.name == lang.name_local else f"{lang.name} ({lang.name_local})")
            for lang in client_languages()]


def is_rtl(code: str | None) -> bool:
    return code in settings.LANGUAGES_BIDI


def staff_language_for(request) -> str:
    """The back office's language: the staff choice (cookie) or the browser's first staff language."""
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if cookie in settings.STAFF_LANGUAGES:
        return cookie
    for code, _quality in translation.trans_real.parse_accept_lang_header(
            request.headers.get("Accept-Language", "")):
        code = code.split("-")[0].lower()
        if code in settings.STAFF_LANGUAGES:
            return code
    return settings.LANGUAGE_CODE
