"""Pseudo-localisation for tests: a catalogue in which every message is visibly transformed.

`build_catalogue(directory)` writes `<directory>/qps/LC_MESSAGES/django.mo` with every msgid
that the German catalogues know (the project's, the installed apps' and Django's own: what a
German user can be shown) transformed into "⟦Ŝàṽé⟧": letters accented, the whole message in
brackets, placeholders (%(name)s, %s, {name}), HTML tags and entities left intact, plural and
context entries too. With that language active, interface text that is not transformed on a
page did not pass through gettext: it reads English on a German page.

`untransformed(html, allowed)` lists the visible text of a page that was not transformed and is
not data (`allowed`: the pieces of every string stored in the database, names, addresses).
"""

import gettext
import re
import struct
from array import array
from html.parser import HTMLParser
from pathlib import Path

from django.apps import apps
from django.conf import settings

PSEUDO_LANGUAGE = "qps"  # ISO 639 reserves qaa–qtz for local use: no real language
OPEN, CLOSE = "⟦", "⟧"
_PLAIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ACCENTED = "àƀçđéƒĝĥîĵķĺɱñöþǫŕšţûṽŵẋýžÀƁÇĐÉƑĜĤÎĴĶĹṀÑÖÞǪŔŠŢÛṼŴẊÝŽ"
_ACCENT = str.maketrans(_PLAIN, _ACCENTED)
# What must survive the transformation: Python %-placeholders, str.format fields, HTML tags
# and entities (translations contain links), so formatting and markup still work.
_PROTECTED = re.compile(r"%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[a-zA-Z%]|\{[^{}]*\}|<[^>]*>|&#?\w+;")
_CONTEXT = "\x04"


def pseudo(text: str) -> str:
    """"Save %(n)s" → "⟦Ŝàṽé %(n)s⟧"."""
    pieces, position = [], 0
    for match in _PROTECTED.finditer(text):
        pieces.append(text[position:match.start()].translate(_ACCENT))
        pieces.append(match.group())
        position = match.end()
    pieces.append(text[position:].translate(_ACCENT))
    return OPEN + "".join(pieces) + CLOSE


def _mo_originals(path: Path) -> list[str]:
    """The msgids of a compiled catalogue (with "ctx\\x04" and "\\x00plural" kept)."""
    data = path.read_bytes()
    magic = struct.unpack("<I", data[:4])[0]
    order = "<" if magic == 0x950412DE else ">"
    count, originals = struct.unpack(order + "4xII", data[4:16])[0:2]
    result = []
    for index in range(count):
        length, offset = struct.unpack(order + "II", data[originals + 8 * index:originals + 8 * index + 8])
        result.append(data[offset:offset + length].decode("utf-8"))
    return result


def german_catalogues() -> list[Path]:
    """Every German catalogue Django merges: LOCALE_PATHS, the installed apps', Django's."""
    roots = [Path(p) for p in settings.LOCALE_PATHS]
    roots += [Path(config.path) / "locale" for config in apps.get_app_configs()]
    import django
    roots.append(Path(django.__file__).parent / "conf" / "locale")
    found = [root / "de" / "LC_MESSAGES" / "django.mo" for root in roots]
    return [path for path in dict.fromkeys(found) if path.exists()]


def _entry(original: str) -> tuple[bytes, bytes]:
    context, _sep, message = original.rpartition(_CONTEXT)
    singular, _sep, plural = message.partition("\x00")
    translation = pseudo(singular) + ("\x00" + pseudo(plural) if plural else "")
    del context  # the key keeps the context; the translation never shows it
    return original.encode(), translation.encode()


def _write_mo(path: Path, messages: dict[bytes, bytes]) -> None:
    """The GNU .mo format (as Python's Tools/i18n/msgfmt.py writes it)."""
    keys = sorted(messages)
    ids, strs, offsets = b"", b"", []
    for key in keys:
        offsets.append((len(ids), len(key), len(strs), len(messages[key])))
        ids += key + b"\0"
        strs += messages[key] + b"\0"
    key_start = 7 * 4 + 16 * len(keys)
    value_start = key_start + len(ids)
    key_offsets, value_offsets = [], []
    for id_offset, id_length, str_offset, str_length in offsets:
        key_offsets += [id_length, id_offset + key_start]
        value_offsets += [str_length, str_offset + value_start]
    header = struct.pack("Iiiiiii", 0x950412DE, 0, len(keys), 7 * 4, 7 * 4 + len(keys) * 8, 0, 0)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(header + array("i", key_offsets).tobytes() + array("i", value_offsets).tobytes() + ids + strs)


def build_catalogue(directory: Path) -> int:
    """Write the pseudo catalogue below `directory` (a LOCALE_PATHS entry); returns its size."""
    messages = {b"": b"Content-Type: text/plain; charset=UTF-8\nPlural-Forms: nplurals=2; plural=(n != 1);\n"}
    for catalogue in german_catalogues():
        for original in _mo_originals(catalogue):
            if original:
                key, value = _entry(original)
                messages[key] = value
    _write_mo(directory / PSEUDO_LANGUAGE / "LC_MESSAGES" / "django.mo", messages)
    return len(messages) - 1


class PseudoFallback(gettext.NullTranslations):
    """The pseudo catalogue's fallback: a message that passes through gettext but is missing
    from the German catalogues (a new string whose translation is still pending) is transformed
    as well, and remembered. Only text that never passed through gettext stays as it is."""

    def __init__(self):
        super().__init__()
        self.missing: set[str] = set()

    def gettext(self, message):
        self.missing.add(message)
        return pseudo(message.rpartition(_CONTEXT)[2])

    def ngettext(self, msgid1, msgid2, n):
        self.missing.add(msgid1)
        return pseudo((msgid1 if n == 1 else msgid2).rpartition(_CONTEXT)[2])


def activate_fallback(translation) -> PseudoFallback:
    """Put the fallback behind the pseudo language's Django translation (instead of the default
    language, whose text would read as untransformed)."""
    fallback = PseudoFallback()
    translation._fallback = fallback
    return fallback


# --- Reading a page ----------------------------------------------------------------------

# Attributes whose text people read or hear (screen readers), and buttons' values.
_SHOWN_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt", "aria-description"}
_BUTTON_TYPES = {"submit", "button", "reset"}
_SKIPPED = {"script", "style", "template"}


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _VisibleText(HTMLParser):
    """Text people see or hear, in the page's language: an element marked lang="de" inside the
    pseudo-language page (a name from German data, a sheet printed for a German office) is
    meant to be in that language and is left out."""

    def __init__(self, language: str):
        super().__init__(convert_charrefs=True)
        self.language = language
        self.texts: list[str] = []
        self._open: list[tuple[str, str | None]] = []  # (tag, lang) of the open elements

    def _shown(self) -> bool:
        # An <abbr> with a title is an abbreviation explained by its (checked) title: a code.
        if any(tag in _SKIPPED or tag == "abbr!" for tag, _lang in self._open):
            return False
        langs = [lang for _tag, lang in self._open if lang]
        return not langs or langs[-1] == self.language

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        lang = values.get("lang")
        if self._shown() and (not lang or lang == self.language):
            for name in _SHOWN_ATTRIBUTES & values.keys():
                self.texts.append(values[name] or "")
            if tag == "input" and (values.get("type") or "").lower() in _BUTTON_TYPES:
                self.texts.append(values.get("value") or "")
        if tag not in _VOID:
            self._open.append(("abbr!" if tag == "abbr" and values.get("title") else tag, lang))

    def handle_endtag(self, tag):
        tag = "abbr!" if tag == "abbr" and any(t == "abbr!" for t, _lang in self._open) else tag
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index][0] == tag:
                del self._open[index:]
                break

    def handle_data(self, data):
        if self._shown():
            self.texts.append(data)


def visible_texts(html: str, language: str = PSEUDO_LANGUAGE) -> list[str]:
    parser = _VisibleText(language)
    parser.feed(html)
    return parser.texts


_TRANSFORMED = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}")
_CUT = "\x1f"
# Where a text is cut into pieces before they are compared with the data.
_SEPARATORS = re.compile(r"[\n\t\x1f,;:·|()\[\]/•–—«»„“”\"]| - |\s{2,}|" + f"[{OPEN}{CLOSE}]")
_ASCII_LETTER = re.compile(r"[A-Za-z]")
_EMAIL = re.compile(r"\S+@\S+")
_URL = re.compile(r"\b(?:https?://|www\.)\S+|(?<!\w)/[\w./?=&%-]*")


def pieces(text: str) -> list[str]:
    """A text cut at separators, stripped of surrounding punctuation and digits."""
    result = []
    for piece in _SEPARATORS.split(text):
        piece = piece.strip(" \u00a0.!?…'’*+#%&=<>0123456789€$-_")
        if piece:
            result.append(" ".join(piece.split()))
    return result


def _remove_transformed(text: str) -> str:
    """Transformed messages, with whatever data was put into their placeholders, become a cut
    (innermost first: a message inside another one's placeholder)."""
    previous = None
    while previous != text:
        previous, text = text, _TRANSFORMED.sub(_CUT, text)
    # A message cut short (truncatechars) or split (the "yes,no" lists of yesno) leaves a half.
    text = re.sub(f"{OPEN}[^{CLOSE}]*$", _CUT, text)
    return re.sub(f"^[^{OPEN}]*[{_ACCENTED}][^{OPEN}]*{CLOSE}", _CUT, text)


# Codes, abbreviations and formats (V-12, GÜB, PDF, a TOTP secret) and identifiers (a job's
# task name): no words to translate.
_CODE = re.compile(r"[A-ZÄÖÜ0-9][A-ZÄÖÜ0-9 _-]*|[a-z0-9]+(?:_[a-z0-9]+)+")
_WORD = re.compile(r"[\w'’-]+")


def is_data(piece: str, allowed: set[str], words: set[str]) -> bool:
    """A piece is data when stored as such, a code, or a name put together from stored words
    ("Mohammad Hosseini": given and family name; every word capitalised, every word stored)."""
    if piece in allowed or not _ASCII_LETTER.search(piece) or _CODE.fullmatch(piece):
        return True
    found = _WORD.findall(piece)
    return len(found) > 1 and all(word[0].isupper() and word in words for word in found)


def untransformed(html: str, allowed: set[str], words: set[str] = frozenset()) -> set[str]:
    """The pieces of visible text that were not transformed and are not data."""
    found = set()
    for text in visible_texts(html):
        text = _URL.sub(" ", _EMAIL.sub(" ", _remove_transformed(text)))
        found.update(piece for piece in pieces(text) if not is_data(piece, allowed, words))
    return found
