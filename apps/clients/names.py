"""Name normalisation for search and duplicate detection.

Names of clients reach counsellors in many transliterations (Mohammad / Muhammed /
Mohamed, Hosseini / Husseini). Two keys make them findable:
- the *normalised* form: ASCII, lower case, letters only ("hosseini"), for prefix search;
- the *skeleton*: the normalised form reduced to its consonant frame with similar sounds
  merged ("asana" for Hosseini and Husseini), so that different spellings share a key.
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
_VOWEL_RUNS = re.compile(r"[aeiouy]+")
_REPEATS = re.compile(r"(.)\1+")


def normalise(text: str) -> str:
    """ASCII lower-case words separated by single spaces ("Ḥusaynī-Ali" → "husayni ali")."""
    ascii_text = unidecode(text or "").lower().replace("-", " ").replace("'", "")
    return " ".join(_NON_LETTERS.sub(" ", ascii_text).split())


def skeleton(word: str) -> str:
    """The consonant frame of one normalised word with its vowel positions kept.

    Similar sounds are merged, h is dropped (it comes and goes between transliterations),
    each run of vowels becomes one "a" and doubled letters collapse:
    hosseini, husseini → "asana", while hassan → "asan" stays apart.
    """
    for group, replacement in _SOUND_GROUPS:
        word = word.replace(group, replacement)
    word = _VOWEL_RUNS.sub("a", word.replace("h", ""))
    return _REPEATS.sub(r"\1", word)


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
