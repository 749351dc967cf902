"""The identifier check for country-information requests.

A request leaves the organisation (to a counterpart abroad) and its answer becomes
knowledge for every counsellor, so neither may identify the client. find_identifiers()
checks the text against patterns and the names and file numbers of the case's household,
or, for a request without a case, the names of all persons of the requesting organisation;
it errs on the side of warning: a counsellor can always rephrase.

Names are compared after removing invisible characters (soft hyphens, zero-width joiners,
combining marks), transliterated (unidecode), also without German inflection endings
("die Hosseinis") and, for words in Arabic script, which leaves short vowels out, by their
consonants (محمد and Mohammad both give "md").
"""

import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _

from apps.clients import names

NAME, DATE, FILE_NUMBER, NUMBER, PHONE, EMAIL = "name", "date", "file_number", "number", "phone", "email"

MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|"
    "januar|februar|märz|maerz|mai|juni|juli|oktober|dezember|okt|dez"
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<![\w+])(?:\+|00)\d[\d \t/().-]{6,}\d|(?<![\w.])0\d{2,5}(?:[ /-]?\d){5,}")
_CASE_REFERENCE = re.compile(r"\b[A-Z]{2,10}-\d{4}-\d{3,}\b")
_BAMF_NUMBER = re.compile(r"(?<!\d)(?<!\d\.)\d{7,8}(?:-\d{3})?(?!\d|\.\d)")
_LONG_NUMBER = re.compile(r"\d{6,}")
_DATES = [
    # 1.2.1990, 01.02.90, 1/2/1990, 01-02-1990
    re.compile(r"(?<![\d.])(?P<d>\d{1,2})\s?[./-]\s?(?P<m>\d{1,2})\s?[./-]\s?(?P<y>\d{4}|\d{2})(?![\d])"),
    # 1990-02-01
    re.compile(r"(?<!\d)(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?!\d)"),
    # 12 March 1990, 12. März 1990
    re.compile(rf"(?<!\d)(?P<d>\d{{1,2}})\.?\s+(?P<mn>{MONTHS})\.?,?\s+(?P<y>\d{{4}})(?!\d)", re.IGNORECASE),
    # March 12, 1990
    re.compile(rf"\b(?P<mn>{MONTHS})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})(?!\d)",
               re.IGNORECASE),
]
_TITLED_NAME = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Herr|Frau|Herrn)\.?\s+(?P<name>[A-ZÄÖÜ][\w'-]+)")
_LETTER_RUNS = re.compile(r"[^\W\d_]+")
MIN_NAME_LENGTH = 3
# Transliteration variants (same skeleton) only for longer words: short skeletons such as
# "amad" (Ahmad) are shared by ordinary words ("amid").
MIN_SKELETON_LENGTH = 5
# German inflection endings of names: "die Hosseinis", "Karimis Antrag", "bei Ahmadis".
INFLECTIONS = ("es", "en", "s", "n")
_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
# A consonant key of one letter ("l" for Ali) would match far too much.
MIN_CONSONANT_KEY_LENGTH = 2
MIN_ORGANISATION_CONSONANT_KEY_LENGTH = 3
_REPEATS = re.compile(r"(.)\1+")
_BACK_VOWELS = re.compile("ou|oo|uu|o|u")


@dataclass(frozen=True)
class Finding:
    kind: str
    text: str
    start: int
    end: int

    @property
    def message(self) -> str:
        templates = {
            NAME: _("Remove the name “%(text)s”."),
            DATE: _("Remove the date “%(text)s”: it may be a date of birth."),
            FILE_NUMBER: _("Remove the file number “%(text)s”."),
            NUMBER: _("Remove the number “%(text)s”: long numbers may identify a person."),
            PHONE: _("Remove the phone number “%(text)s”."),
            EMAIL: _("Remove the e-mail address “%(text)s”."),
        }
        return templates[self.kind] % {"text": self.text}


@dataclass(frozen=True)
class CaseIdentifiers:
    """What identifies the persons of one case: name words, their skeletons, file numbers and
    the consonant keys under which the names may be written in Arabic script."""

    name_words: frozenset[str] = frozenset()
    name_skeletons: frozenset[str] = frozenset()
    file_numbers: tuple[str, ...] = ()
    name_consonants: frozenset[str] = frozenset()


def visible_text(text: str) -> str:
    """The text without format characters (soft hyphen, zero-width (non-)joiners) and
    combining marks (Arabic vowel signs, decomposed accents), which hide a name from a
    comparison without changing how it looks."""
    return "".join(c for c in unicodedata.normalize("NFC", text or "")
                   if unicodedata.category(c) not in ("Cf", "Mn"))


def _stems(word: str):
    """The word and the word without a German inflection ending, each long enough to compare."""
    if len(word) >= MIN_NAME_LENGTH:
        yield word
    for ending in INFLECTIONS:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_NAME_LENGTH:
            yield word[: -len(ending)]


def _consonant_key(skeleton: str) -> str:
    return _REPEATS.sub(r"\1", skeleton.replace("a", ""))


def consonant_key(word: str) -> str:
    """The consonants of a normalised word's skeleton: Arabic script leaves short vowels out,
    so this is how a name written in it compares with Latin ones (محمد, Mohammad: "md")."""
    return _consonant_key(names.skeleton(word))


def _long_vowel_forms(word: str):
    """The word, and the word with o/u written as و (w), which Arabic script does for long
    vowels: Mahmoud → "mahmwd" (محمود), Yousuf → "ywsuf" (یوسف). At most three places."""
    places = list(_BACK_VOWELS.finditer(word))[:3]
    for mask in range(2 ** len(places)):
        parts, last = [], 0
        for index, place in enumerate(places):
            parts += [word[last:place.start()], "w" if mask >> index & 1 else place.group()]
            last = place.end()
        yield "".join(parts) + word[last:]


def name_consonant_keys(word: str) -> set[str]:
    """The consonant keys under which a recorded name may appear in Arabic script."""
    keys = {consonant_key(form) for form in _long_vowel_forms(word)}
    return {key for key in keys if len(key) >= MIN_CONSONANT_KEY_LENGTH}


def _skeleton_pattern(key: str) -> str:
    """A regular expression for the stored skeletons ("~mamad") that have this consonant key."""
    letters = [f"{letter}(?:a*{letter})*" for letter in key]
    return "a*" + "a*".join(letters) + "a*"


def case_identifiers(case) -> CaseIdentifiers:
    """Collect the identifiers of a case's household (two queries)."""
    from apps.clients.selectors import persons_of_household

    words, file_numbers = set(), [case.reference]
    rows = persons_of_household(case.household_id).values_list(
        "given_names", "family_name", "name_variants", "bamf_file_number")
    for given, family, variants, bamf in rows:
        words.update(w for w in names.words(given, family, *variants.splitlines()) if len(w) >= MIN_NAME_LENGTH)
        if bamf.strip():
            file_numbers.append(bamf.strip())
    skeletons = {names.skeleton(w) for w in words if len(w) >= MIN_SKELETON_LENGTH}
    consonants = {key for w in words for key in name_consonant_keys(w)}
    return CaseIdentifiers(frozenset(words), frozenset(skeletons), tuple(file_numbers), frozenset(consonants))


def organisation_identifiers(organisation_id: int, text: str) -> CaseIdentifiers:
    """The names of the organisation's persons that occur in `text` (one query over the
    name-token index): the check for a text that belongs to no case.

    Against thousands of names the check must be stricter than against one household, or
    ordinary words would be flagged: Latin-script words count only when capitalised, as
    names are (so "said" is not the name Said), and only exactly or with an inflection
    ending, not by skeleton ("session" is not "Sasan"); words in Arabic script count
    exactly or by a consonant key of at least three letters.
    """
    from apps.clients.selectors import name_tokens_of_organisation

    tokens, keys = set(), set()
    for match in _LETTER_RUNS.finditer(visible_text(text)):
        word = match.group()
        arabic = _ARABIC_SCRIPT.search(word) is not None
        for part in names.words(word):
            if arabic:
                # Exactly as a name variant recorded in Arabic script, or by consonants.
                if len(part) >= MIN_NAME_LENGTH:
                    tokens.add(part)
                key = consonant_key(part)
                if len(key) >= MIN_ORGANISATION_CONSONANT_KEY_LENGTH:
                    keys.add(key)
            elif word[0].isupper():
                tokens.update(_stems(part))
    if not tokens and not keys:
        return CaseIdentifiers()
    regex = "^~(?:" + "|".join(_skeleton_pattern(key) for key in sorted(keys)) + ")$" if keys else ""
    found = name_tokens_of_organisation(organisation_id, tokens, regex)
    skeletons = {token[1:] for token in found if token.startswith("~")}
    return CaseIdentifiers(
        name_words=frozenset(token for token in found if not token.startswith("~")),
        name_consonants=frozenset(keys & {_consonant_key(skeleton) for skeleton in skeletons}),
    )


def identifiers_for(text: str, *, case=None, organisation_id: int | None = None) -> CaseIdentifiers:
    """The case's identifiers; without a case, the names of the organisation's persons in the text."""
    if case is not None:
        return case_identifiers(case)
    if organisation_id is not None:
        return organisation_identifiers(organisation_id, text)
    return CaseIdentifiers()


def find_identifiers(text: str, *, case=None, organisation_id: int | None = None,
                     identifiers: CaseIdentifiers | None = None) -> list[Finding]:
    """Everything in `text` that looks like it identifies a person, in text order.

    Flags names of the case's household members, or without a case of the organisation's
    persons (and any word after Mr/Mrs/Herr/Frau), full dates, file numbers (the case
    reference, BAMF numbers, long digit runs), phone numbers and e-mail addresses. Each
    distinct finding is reported once, quoted from the text without invisible characters.
    """
    text = visible_text(text)
    if identifiers is None:
        identifiers = identifiers_for(text, case=case, organisation_id=organisation_id)
    found: list[Finding] = []
    taken: list[tuple[int, int]] = []

    def add(kind: str, start: int, end: int) -> None:
        if any(start < t_end and t_start < end for t_start, t_end in taken):
            return
        taken.append((start, end))
        found.append(Finding(kind, text[start:end], start, end))

    for match in _EMAIL.finditer(text):
        add(EMAIL, match.start(), match.end())
    for number in identifiers.file_numbers:
        for match in re.finditer(re.escape(number), text, re.IGNORECASE):
            add(FILE_NUMBER, match.start(), match.end())
    for match in _CASE_REFERENCE.finditer(text):
        add(FILE_NUMBER, match.start(), match.end())
    for pattern in _DATES:
        for match in pattern.finditer(text):
            if _plausible_date(match):
                add(DATE, match.start(), match.end())
    for match in _PHONE.finditer(text):
        add(PHONE, match.start(), match.end())
    for match in _BAMF_NUMBER.finditer(text):
        add(FILE_NUMBER, match.start(), match.end())
    for match in _LONG_NUMBER.finditer(text):
        add(NUMBER, match.start(), match.end())
    for match in _TITLED_NAME.finditer(text):
        add(NAME, match.start("name"), match.end("name"))
    for match in _LETTER_RUNS.finditer(text):
        if _is_name(match.group(), identifiers):
            add(NAME, match.start(), match.end())
    return _distinct(sorted(found, key=lambda f: f.start))


def _plausible_date(match: re.Match) -> bool:
    parts = match.groupdict()
    day = int(parts["d"])
    month = int(parts["m"]) if parts.get("m") else 1
    return 1 <= day <= 31 and 1 <= month <= 12


def _is_name(word: str, identifiers: CaseIdentifiers) -> bool:
    arabic = _ARABIC_SCRIPT.search(word) is not None
    for part in names.words(word):
        if arabic and consonant_key(part) in identifiers.name_consonants:
            return True
        for stem in _stems(part):
            if stem in identifiers.name_words:
                return True
            if len(stem) >= MIN_SKELETON_LENGTH and names.skeleton(stem) in identifiers.name_skeletons:
                return True
    return False


def _distinct(findings: list[Finding]) -> list[Finding]:
    seen, result = set(), []
    for finding in findings:
        key = (finding.kind, finding.text.casefold())
        if key not in seen:
            seen.add(key)
            result.append(finding)
    return result


def messages_for(findings: list[Finding]) -> list[str]:
    return [finding.message for finding in findings]
