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


# Keys for the duplicate check (apps.clients.matching), stored beside the search tokens with
# their own prefix characters so that the search's tokens keep their meaning:
# "=" the consonant frame of every word, "#" the consonant frame of a word written in Arabic
# script. Arabic script writes no short vowels (محمد → "mhmd"), so its words share no skeleton
# with their Latin spellings, but they do share the consonant frame.
CONSONANT_PREFIX = "="
ARABIC_PREFIX = "#"
_FRAME_DROPS = re.compile(r"[aw]+")  # the vowel marks, and w, which Arabic uses as a long vowel


def consonants(word: str) -> str:
    """The consonant frame of one normalised word: its skeleton without vowels
    (mohammad, muhammed, mhmd → "md"; hosseini, hsyny → "sn")."""
    return _REPEATS.sub(r"\1", _FRAME_DROPS.sub("", skeleton(word)))


def consonants_with_h(word: str) -> str:
    """The consonant frame with h kept (for scoring only): Arabic script writes the h of
    Mohammad (محمد → "mhmd") but not the vowels, so it tells Mohammad from Ahmad ("hmd")."""
    for group, replacement in _SOUND_GROUPS:
        word = word.replace(group, replacement)
    return _REPEATS.sub(r"\1", re.sub(r"[aeiouyw]+", "", word))


def is_arabic_script(text: str) -> bool:
    """Whether the text holds letters of the Arabic script (Arabic, Persian, Urdu, Pashto)."""
    return any("\u0600" <= char <= "\u06ff" or "\u0750" <= char <= "\u077f"
               or "\ufb50" <= char <= "\ufdff" or "\ufe70" <= char <= "\ufeff" for char in text or "")


def script_words(*texts: str) -> list[tuple[str, bool]]:
    """(normalised word, written in Arabic script?) for each word of the texts. In Arabic
    script the letter ain (ع) becomes a backtick in ASCII, which must not split the word
    (جعفري → "jfry", not "j fry")."""
    found = []
    for text in texts:
        for raw in (text or "").split():
            arabic = is_arabic_script(raw)
            found += [(word, arabic) for word in normalise(unidecode(raw).replace("`", "") if arabic else raw).split()]
    return found


def match_tokens(*texts: str) -> set[str]:
    """The duplicate check's extra tokens of a person: each word's consonant frame ("="), and
    for words written in Arabic script the frame once more under "#", so that a name typed in
    Latin letters finds them without meeting every Latin name with the same frame."""
    tokens = set()
    for word, arabic in script_words(*texts):
        frame = consonants(word)[:63]
        if frame:
            tokens.add(CONSONANT_PREFIX + frame)
            if arabic:
                tokens.add(ARABIC_PREFIX + frame)
    return tokens


def person_tokens(*texts: str) -> set[str]:
    """Every token stored for a person: the search's and the duplicate check's."""
    return search_tokens(*texts) | match_tokens(*texts)
