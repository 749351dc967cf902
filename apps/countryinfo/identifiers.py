"""The identifier check for country-information requests.

A request leaves the organisation (to a counterpart abroad) and its answer becomes
knowledge for every counsellor, so neither may identify the client. find_identifiers() is
a pure function over the text (plus, when given, the names and file numbers of the case's
household); it errs on the side of warning: a counsellor can always rephrase.
"""

import re
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
    """What identifies the persons of one case: name words, their skeletons, file numbers."""

    name_words: frozenset[str] = frozenset()
    name_skeletons: frozenset[str] = frozenset()
    file_numbers: tuple[str, ...] = ()


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
    return CaseIdentifiers(frozenset(words), frozenset(skeletons), tuple(file_numbers))


def find_identifiers(text: str, *, case=None, identifiers: CaseIdentifiers | None = None) -> list[Finding]:
    """Everything in `text` that looks like it identifies a person, in text order.

    Flags names of the case's household members (and any word after Mr/Mrs/Herr/Frau),
    full dates, file numbers (the case reference, BAMF numbers, long digit runs), phone
    numbers and e-mail addresses. Each distinct finding is reported once.
    """
    text = text or ""
    if identifiers is None:
        identifiers = case_identifiers(case) if case is not None else CaseIdentifiers()
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
    if not identifiers.name_words:
        return False
    for part in names.words(word):
        if len(part) < MIN_NAME_LENGTH:
            continue
        if part in identifiers.name_words:
            return True
        if len(part) >= MIN_SKELETON_LENGTH and names.skeleton(part) in identifiers.name_skeletons:
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
