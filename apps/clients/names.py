"""Name normalisation for search and duplicate detection.

Names of clients reach counsellors in many transliterations (Mohammad / Muhammed /
Mohamed, Hosseini / Husseini). Two keys make them findable:
- the *normalised* form: ASCII, lower case, letters only ("hosseini"), for prefix search;
- the *skeleton*: the normalised form reduced to its consonant frame with similar sounds
  merged ("hsn"), so that different spellings of one name share a key.
"""

import re

from unidecode import unidecode

_NON_LETTERS = re.compile(r"[^a-z ]+")
# Letter groups that transliterations use for the same sound, merged before vowels go.
_SOUND_GROUPS = [
    ("sch", "s"), ("sh", "s"), ("ch", "h"), ("kh", "k"), ("gh", "g"), ("ph", "f"),
    ("th", "t"), ("dh", "d"), ("ou", "u"), ("ck", "k"), ("q", "k"), ("c", "k"),
    ("z", "s"), ("v", "w"), ("j", "y"), ("x", "ks"),
]
_VOWELS = re.compile(r"[aeiouyh]")
_REPEATS = re.compile(r"(.)\1+")


def normalise(text: str) -> str:
    """ASCII lower-case words separated by single spaces ("Ḥusaynī-Ali" → "husayni ali")."""
    ascii_text = unidecode(text or "").lower().replace("-", " ").replace("'", "")
    return " ".join(_NON_LETTERS.sub(" ", ascii_text).split())


def skeleton(word: str) -> str:
    """Consonant frame of one normalised word; the first letter is kept as written sound."""
    if not word:
        return ""
    for group, replacement in _SOUND_GROUPS:
        word = word.replace(group, replacement)
    first, rest = word[0], _VOWELS.sub("", word[1:])
    frame = _REPEATS.sub(r"\1", first + rest)
    # A leading vowel or h carries no consonant information across spellings.
    return frame if first not in "aeiouyh" else "_" + frame[1:]


def words(*texts: str) -> list[str]:
    return [word for text in texts for word in normalise(text).split()]


def search_tokens(*texts: str) -> set[str]:
    """Tokens stored for a person: each normalised word and its skeleton (prefixed by ~)."""
    tokens = set()
    for word in words(*texts):
        tokens.add(word[:64])
        if len(word) > 1:
            tokens.add("~" + skeleton(word)[:63])
    return tokens
