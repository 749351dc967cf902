"""How alike two persons' names and dates of birth are: the scoring half of the duplicate check
(apps.clients.matching finds the candidates, this module weighs them).

A score is the name similarity (0–100, the best of the spelling, the transliteration skeleton
and, across scripts, the consonant frame) plus a weight for the dates of birth: agreeing dates
add, a date that contradicts takes away, an unknown date is neutral. Reasons are codes; their
words (translated) are in REASON_LABELS.
"""

import datetime
from dataclasses import dataclass
from functools import lru_cache

from django.utils.translation import gettext_lazy as _
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from apps.clients import names

SHOWN = 70  # from this score on a candidate is shown to the counsellor
LIKELY = 100  # from this score on the candidate is probably the same human (batch default, benchmark)
MAX_SCORE = 125
# A date that cannot tell namesakes apart (unknown, or only year or month) leaves a same-name
# candidate likely only while few persons share the name: at 1,000,000 persons "Fatima
# Hosseini" has hundreds of namesakes, of whom dozens have no date of birth recorded.
UNKNOWN_DATE_NAMESAKES = 5
LIKELY_NAME = 85  # below this name similarity no date makes a candidate likely
APPROXIMATE_DATE_NAMESAKES = 150

EXACT, MONTH, YEAR, UNKNOWN = "exact", "month", "year", "unknown"
_COARSENESS = {EXACT: 0, MONTH: 1, YEAR: 2}

# Date reasons first: the page reads "name similarity 94 %, same date of birth, …".
REASON_LABELS = {
    "birth_date": _("same date of birth"),
    "birth_date_swapped": _("same date of birth with day and month swapped"),
    "birth_month": _("same month of birth"),
    "birth_year": _("same year of birth"),
    "birth_date_unknown": _("date of birth not recorded"),
    "birth_date_differs": _("another date of birth"),
    "name_order": _("given and family name swapped"),
    "spelling": _("same name in another spelling"),
    "script": _("same name in another script"),
    "typo": _("spelling differs by a letter or two"),
    "name_variant": _("matches a recorded name variant"),
}


def reason_labels(reasons) -> list[str]:
    """The reasons in words, dates first, in the order of REASON_LABELS ("name" has none)."""
    return [str(label) for code, label in REASON_LABELS.items() if code in reasons]


@dataclass(frozen=True)
class NameForm:
    """One way of writing a person's name, in the three keys the score compares."""

    plain: str  # normalised words ("mohammad hosseini")
    skeleton: str
    frame: str  # consonant frames
    hframe: str  # consonant frames with h
    arabic: bool
    family: str = ""
    given: str = ""
    variant: bool = False


@lru_cache(maxsize=65536)  # names repeat: the same few thousand spellings make most persons
def name_form(given: str, family: str = "", *, variant: bool = False) -> NameForm:
    words = [word for word, _arabic in names.script_words(given, family)]
    return NameForm(
        plain=" ".join(words), skeleton=" ".join(names.skeleton(w) for w in words),
        frame=" ".join(f for f in (names.consonants(w) for w in words) if f),
        hframe=" ".join(f for f in (names.consonants_with_h(w) for w in words) if f),
        arabic=names.is_arabic_script(f"{given} {family}"),
        family=" ".join(w for w, _a in names.script_words(family)),
        given=" ".join(w for w, _a in names.script_words(given)), variant=variant)


def forms_of(given: str, family: str, variants: str = "") -> list[NameForm]:
    """The person's name and each recorded variant (one per line, given names first)."""
    forms = [name_form(given, family)]
    forms += [name_form(line, variant=True) for line in (variants or "").splitlines() if line.strip()]
    return [form for form in forms if form.plain]


def _ratio(a: str, b: str) -> float:
    """Similarity in the given order or with the words sorted (another order of the names),
    whichever is higher: sorting alone puts "emgi kapllani" and "kapllani megi" apart."""
    return max(fuzz.ratio(a, b), fuzz.token_sort_ratio(a, b))


def _part(a: str, b: str) -> float:
    """Similarity of one name (given or family), 100 for another spelling of it."""
    same = [names.skeleton(w) for w in a.split()] == [names.skeleton(w) for w in b.split()]
    return 100.0 if same else fuzz.ratio(a, b)


def _compare(a: NameForm, b: NameForm) -> tuple[float, float, list[str]]:
    """(weighted similarity, spelling similarity, reasons) of two forms."""
    plain = _ratio(a.plain, b.plain)
    value, reasons = plain, []
    if a.arabic != b.arabic:
        # Arabic script writes no short vowels: only the consonant frames can agree, with and
        # without h (which sets Mohammad apart from Ahmad); below 92 unless both are equal.
        frame = min(_ratio(a.frame, b.frame), _ratio(a.hframe, b.hframe)) * 0.92
        if frame > value:
            value, reasons = frame, ["script"]
    else:
        # Another transliteration of the same name has the same skeleton; a skeleton that is
        # merely close (Hosseini, Hussain) is no more telling than the spelling.
        if value < 96 and _ratio(a.skeleton, b.skeleton) == 100:
            value, reasons = 96.0, ["spelling"]
    if not reasons and plain < 100 and min(
            Levenshtein.distance(a.plain, b.plain),
            Levenshtein.distance(" ".join(sorted(a.plain.split())), " ".join(sorted(b.plain.split())))) <= 2:
        reasons = ["typo"]
    if a.family and b.family and a.given and b.given:
        straight = fuzz.ratio(a.family, b.family) + fuzz.ratio(a.given, b.given)
        crossed = fuzz.ratio(a.family, b.given) + fuzz.ratio(a.given, b.family)
        if crossed >= straight + 40:
            reasons.append("name_order")
        if a.arabic == b.arabic and min(_part(a.family, b.family), _part(a.given, b.given)) < 70 and min(
                _part(a.family, b.given), _part(a.given, b.family)) < 70:
            # Ana and Goran Stojanovski are alike as a whole, but one of the names differs.
            value = min(value, LIKELY_NAME - 1)
    if b.variant or a.variant:
        reasons.append("name_variant")
    return value, plain, reasons


def name_similarity(forms_a: list[NameForm], forms_b: list[NameForm]) -> tuple[float, float, list[str]]:
    """The best (weighted similarity, reasons) over all forms, and the best spelling similarity."""
    best, best_plain, best_reasons = 0.0, 0.0, []
    for a in forms_a:
        for b in forms_b:
            value, plain, reasons = _compare(a, b)
            best_plain = max(best_plain, plain)
            if value > best:
                best, best_reasons = value, reasons
    return best, best_plain, best_reasons


def swapped(day: datetime.date) -> datetime.date | None:
    """The date with day and month exchanged, where that is another valid date."""
    if day.day > 12 or day.day == day.month:
        return None
    return day.replace(month=day.day, day=day.month)


def date_agreement(a: datetime.date | None, a_precision: str, b: datetime.date | None,
                   b_precision: str) -> tuple[int, str | None]:
    """(weight, reason) of two dates of birth, each with its precision."""
    a_known = a is not None and a_precision != UNKNOWN
    b_known = b is not None and b_precision != UNKNOWN
    if not (a_known and b_known):
        return 0, ("birth_date_unknown" if a_known or b_known else None)
    if a.year != b.year:
        return -20, "birth_date_differs"
    precision = max(_COARSENESS.get(a_precision, 0), _COARSENESS.get(b_precision, 0))
    if precision == _COARSENESS[YEAR]:
        return 10, "birth_year"
    if precision == _COARSENESS[MONTH]:
        return (15, "birth_month") if a.month == b.month else (-20, "birth_date_differs")
    if a == b:
        return 25, "birth_date"
    if swapped(a) == b:
        return 15, "birth_date_swapped"
    return -10, "birth_year"


def ambiguity(date_reason, namesakes: int, *, batch: bool = False) -> int:
    """The weight taken away from a candidate whose date of birth agrees only weakly
    (unknown on either side, or year or month only) when too many persons share the name.
    `namesakes` counts the persons with the name. In the batch review (`batch`) a pair of an
    organisation's records starts from a far lower chance of being a duplicate than a person
    being entered again: an unknown or approximate date never makes the pair likely (it is
    still above the review's default threshold of 90)."""
    if date_reason in (None, "birth_date_unknown"):
        return -10 if batch or namesakes > UNKNOWN_DATE_NAMESAKES else 0
    if date_reason in ("birth_year", "birth_month"):
        return -15 if batch or namesakes > APPROXIMATE_DATE_NAMESAKES else 0
    return 0


def score(forms_a, date_a, precision_a, forms_b, date_b, precision_b, *, namesakes: int = 0,
          batch: bool = False) -> tuple[int, float, tuple[str, ...]]:
    """(score 0–125, spelling similarity 0–1, reasons) of two persons; `namesakes` see ambiguity()."""
    return combine(name_similarity(forms_a, forms_b), date_a, precision_a, date_b, precision_b,
                   namesakes=namesakes, batch=batch)


def combine(name, date_a, precision_a, date_b, precision_b, *, namesakes: int = 0,
            batch: bool = False) -> tuple[int, float, tuple[str, ...]]:
    """score() from a name_similarity() already computed."""
    similarity, plain, name_reasons = name
    weight, date_reason = date_agreement(date_a, precision_a, date_b, precision_b)
    if weight >= 0:
        weight += ambiguity(date_reason, namesakes, batch=batch)
    reasons = ("name", *([date_reason] if date_reason else []), *name_reasons)
    score = max(0, min(MAX_SCORE, round(similarity + weight)))
    if similarity < LIKELY_NAME:
        score = min(score, LIKELY - 1)  # a shared birthday does not make another name the same
    return score, plain / 100, reasons
