"""Remove a person's names from free text that stays for other people.

When one member of a household is erased, the household's shared records (session
summaries, messages, notes) stay for the others; the erased person's names must leave them.
`scrub` replaces every given name or variant, as a whole word and regardless of case,
accents and transliteration where that is cheap ("Müller" also takes "Muller" and
"MÜLLER"; "Ḥusaynī" also "Husayni"), with "[…]".

privacy knows no app above it: the caller passes the names (the subject finder gives every
name and variant of a person, see apps.privacy.registry.SubjectInfo.names).
"""

import re
from collections.abc import Iterable

from unidecode import unidecode

PLACEHOLDER = "[…]"
# Single letters and two-letter particles ("Al", "de") would take ordinary words with them.
MIN_LENGTH = 2


def _fold(text: str) -> tuple[str, list[int]]:
    """The text in ASCII lower case, and for each folded character the index of the original
    character it came from (one character may fold into several: "ß" → "ss")."""
    folded: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        plain = char.lower() if char.isascii() else unidecode(char).lower()
        folded.append(plain)
        origin.extend([index] * len(plain))
    return "".join(folded), origin


def _pattern(name: str) -> str | None:
    """A regular expression for one name over folded text: its words in order, separated by
    anything that is not a letter or digit (so "Al-Hassan" takes "al hassan" too)."""
    words = re.findall(r"[a-z0-9]+", _fold(name)[0])
    if not words or sum(len(word) for word in words) < MIN_LENGTH:
        return None
    return r"(?<![a-z0-9])" + r"[^a-z0-9]+".join(re.escape(word) for word in words) + r"(?![a-z0-9])"


def name_variants(names: Iterable[str]) -> list[str]:
    """The names and each of their words of three letters or more, longest first: a full
    name goes as one piece, and a single given name used alone in a note goes too."""
    found: set[str] = set()
    for name in names:
        name = " ".join((name or "").split())
        if not name:
            continue
        found.add(name)
        found.update(word for word in re.split(r"[\s,;/]+", name) if len(word.strip("-'.")) >= 3)
    return sorted(found, key=lambda n: (-len(n), n))


def scrub(text: str, names: Iterable[str]) -> str:
    """`text` with every whole-word occurrence of one of `names` replaced by "[…]"."""
    if not text:
        return text
    # Longer names first: "Ali Hassan" goes as one piece before "Ali" could take half of it.
    patterns = [p for p in (_pattern(name) for name in sorted(set(names), key=lambda n: -len(n or ""))) if p]
    if not patterns:
        return text
    folded, origin = _fold(text)
    spans = sorted(
        (origin[match.start()], origin[match.end() - 1] + 1)
        for match in re.finditer("|".join(f"(?:{p})" for p in patterns), folded)
        if match.end() > match.start()
    )
    if not spans:
        return text
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    parts, position = [], 0
    for start, end in merged:
        parts.append(text[position:start])
        parts.append(PLACEHOLDER)
        position = end
    parts.append(text[position:])
    return "".join(parts)
