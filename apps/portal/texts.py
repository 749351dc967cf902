"""The portal's editable texts: the keys are declared here, the values are data (PortalText).

An administrator maintains them on /portal/texts/. A per-language text falls back to its
German value, then to the default below; a language-independent one (a phone number) is
stored once.
"""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from apps.accounts.selectors import user_has_perm
from apps.audit.services import record
from apps.core.errors import ConcurrentEditError
from apps.core.locking import claim_version
from apps.portal.client_texts import NETWORK_NAME
from apps.portal.models import PortalText


@dataclass(frozen=True)
class TextKey:
    key: str
    label: Any                # for the back office
    per_language: bool
    default: Any = ""         # a lazy translation or a literal; "" means "not set"
    multiline: bool = False
    help: Any = ""


TEXT_KEYS: list[TextKey] = [
    TextKey("network_name", _("Name of the network (page header)"), True,
            NETWORK_NAME),
    TextKey("notice", _("Notice banner (empty: none)"), True, multiline=True,
            help=_("Shown on every portal page, e.g. closures on holidays.")),
    TextKey("hotline_number", _("Hotline number"), False, help=_("For example +49 800 1234567.")),
    TextKey("hotline_hours", _("Hotline hours"), True),
    TextKey("controller", _("Controller (name and address)"), False, multiline=True,
            help=_("Privacy notice: who is responsible for the data.")),
    TextKey("dpo_contact", _("Data protection officer (contact)"), False, multiline=True),
    TextKey("supervisory_authority", _("Supervisory authority (privacy notice)"), False,
            "Der Landesbeauftragte für den Datenschutz und die Informationsfreiheit Rheinland-Pfalz\n"
            "Hintere Bleiche 34, 55116 Mainz\npoststelle@datenschutz.rlp.de", multiline=True),
    TextKey("imprint", _("Imprint"), True, multiline=True),
    TextKey("accessibility_date", _("Accessibility statement: date of the last review"), False,
            help=_("For example 2026-12-01.")),
    TextKey("accessibility_limitations", _("Accessibility statement: known limitations"), True,
            multiline=True),
    TextKey("accessibility_contact", _("Accessibility: contact for barriers"), False, multiline=True),
    TextKey("feedback_email", _("E-mail address that receives accessibility feedback"), False),
    TextKey("enforcement_contact", _("Accessibility: enforcement body (contact)"), False,
            "Landesbeauftragte für digitale Barrierefreiheit Rheinland-Pfalz", multiline=True,
            help=_("Please check the address and contact details before going live.")),
]
# Administrators write the texts in German first; other languages may leave a text empty.
FALLBACK_LANGUAGE = "de"
KEYS: dict[str, TextKey] = {text_key.key: text_key for text_key in TEXT_KEYS}


def stored_language(text_key: TextKey, language: str) -> str:
    return language if text_key.per_language else ""


class Text(str):
    """A text with the language it is written in (`language`): the page's own, or German when
    the text fell back to it. Templates mark a fallback with lang="de" (WCAG 3.1.2) through
    the `in_language` filter (apps.portal.templatetags.portal)."""

    language: str

    def __new__(cls, value: str, language: str):
        text = super().__new__(cls, value)
        text.language = language
        return text

    def __reduce__(self):  # keeps the language when pickled (a cache)
        return (Text, (str(self), self.language))


def _default(text_key: TextKey, language: str) -> Text:
    if isinstance(text_key.default, str):
        return Text(text_key.default, FALLBACK_LANGUAGE)  # a literal default is German
    with translation.override(language):
        return Text(str(text_key.default), language)


def resolve(values: dict[tuple[str, str], str], key: str, language: str) -> Text:
    """The value of `key` in `language` from stored (key, language) → value pairs, with
    fallbacks; its `language` says which language it is in. A text stored once for all
    languages (a number, an address) counts as German."""
    text_key = KEYS[key]
    if not text_key.per_language:
        stored = values.get((key, ""))
        return Text(stored, FALLBACK_LANGUAGE) if stored else _default(text_key, language)
    if values.get((key, language)):
        return Text(values[(key, language)], language)
    if values.get((key, FALLBACK_LANGUAGE)):
        return Text(values[(key, FALLBACK_LANGUAGE)], FALLBACK_LANGUAGE)
    return _default(text_key, language)


def texts(language: str) -> dict[str, Text]:
    """Every key's value in `language` (one query); each value's `language` says whether it is
    the page's language or the German fallback."""
    rows = PortalText.objects.filter(language__in={language, FALLBACK_LANGUAGE, ""}).exclude(value="")
    values = {(row.key, row.language): row.value for row in rows.only("key", "language", "value")}
    return {key: resolve(values, key, language) for key in KEYS}


def text(key: str, language: str) -> Text:
    """One key's value in `language`: its own, else the German one, else the default."""
    text_key = KEYS[key]
    languages = {stored_language(text_key, language), stored_language(text_key, FALLBACK_LANGUAGE)}
    rows = PortalText.objects.filter(key=key, language__in=languages).exclude(value="")
    values = {(row.key, row.language): row.value for row in rows}
    return resolve(values, key, language)


# --- Back office ------------------------------------------------------------------------

def text_table() -> list[dict]:
    """Every key with its stored value per language (for the back office's overview)."""
    from apps.core.client_languages import client_languages

    stored = {(row.key, row.language): row for row in PortalText.objects.all()}
    table = []
    for text_key in TEXT_KEYS:
        if text_key.per_language:
            cells = [{"language": lang.code, "row": stored.get((text_key.key, lang.code))}
                     for lang in client_languages()]
        else:
            cells = [{"language": "", "row": stored.get((text_key.key, ""))}]
        for cell in cells:
            row = cell["row"]
            cell["missing"] = row is None or not row.value
        table.append({"key": text_key, "cells": cells})
    return table


def stored_text(key: str, language: str) -> PortalText:
    """The stored row of `key` in `language`, or an unsaved one (version 0: nobody saved it yet)."""
    text_key = KEYS[key]
    language = stored_language(text_key, language)
    found = PortalText.objects.filter(key=key, language=language).first()
    return found or PortalText(key=key, language=language, value="", version=0)


@transaction.atomic
def portal_text_save(*, actor, key: str, language: str, value: str, expected_version: int) -> PortalText:
    """Save one text; refused (ConcurrentEditError) when someone saved it after `expected_version`."""
    if not user_has_perm(actor, "portal.manage"):
        raise PermissionDenied("portal.manage")
    current = stored_text(key, language)
    now = timezone.now()
    if current.pk is None:
        if expected_version != 0:
            raise ConcurrentEditError()
        try:
            with transaction.atomic():
                current = PortalText.objects.create(key=key, language=current.language, value=value,
                                                    updated_by=actor, updated_at=now)
        except IntegrityError as error:  # saved by someone else a moment ago
            raise ConcurrentEditError() from error
    else:
        claim_version(current, expected_version, value=value, updated_by=actor, updated_at=now)
        current.value, current.updated_by, current.updated_at = value, actor, now
    record(actor, "portal.text_changed", current, details={"key": key, "language": current.language})
    return current
