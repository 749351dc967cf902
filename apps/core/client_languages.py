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


# ISO 639 codes staff record for a person (apps/core/languages.py) → the client language that
# person reads: Dari speakers read the Persian catalogue, Kurdish speakers the Kurmanji one.
CLIENT_LANGUAGE_OF = {"prs": "fa", "fas": "fa", "per": "fa", "pus": "ps", "ara": "ar", "ku": "kmr", "kur": "kmr",
                      "sr": "sr-latn", "srp": "sr-latn", "tur": "tr", "rus": "ru", "ukr": "uk", "kat": "ka",
                      "geo": "ka", "sqi": "sq", "alb": "sq", "fra": "fr", "fre": "fr", "eng": "en", "deu": "de",
                      "ger": "de"}


def client_language_for(codes) -> str:
    """The first of a person's languages (ISO 639, most preferred first) that clients can read
    ReturnNet in; German when none is."""
    for code in codes:
        code = (code or "").strip().lower()
        code = CLIENT_LANGUAGE_OF.get(code, code)
        if is_client_language(code):
            return code
    return settings.LANGUAGE_CODE


# Which of a person's languages (clients.PersonLanguage levels) comes first.
LEVEL_ORDER = {"native": 0, "fluent": 1, "basic": 2}


def client_language_of_person(person) -> str:
    """The client language a person reads (first language first, then fluent, basic), for
    documents handed to them; German when ReturnNet has no catalogue for any of them."""
    if person is None:
        return client_language_for([])
    spoken = sorted(person.languages.all(), key=lambda lang: (LEVEL_ORDER.get(lang.level, 3), lang.pk))
    return client_language_for([lang.language for lang in spoken])


def client_language_of_household(household) -> str:
    """client_language_of_person() of the household's principal."""
    principal = household.members.filter(is_principal=True).select_related("person").first()
    return client_language_of_person(principal.person if principal else None)
