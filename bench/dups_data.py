"""The labelled data set of bench/duplicates.py: persons drawn from the demo's name tables
(apps.demo.names) the way the demo seeds them, planted duplicates of seven kinds, and
same-name non-duplicates. Deterministic for a seed."""

import datetime
import random
import string

from apps.clients import similarity
from apps.demo.names import COUNTRIES, FAMILY_VARIANTS, GIVEN_VARIANTS

KINDS = ("transliteration", "name_order", "typo", "year_only", "day_month_swapped", "missing_date",
         "arabic_script")

# Names of the Arabic-writing countries in Arabic script (as a passport or an Arabic letter writes
# them), for the "Arabic script" kind.
ARABIC = {
    "Mohammad": "محمد", "Mohammed": "محمد", "Muhammad": "محمد", "Ahmad": "أحمد", "Ahmed": "أحمد",
    "Ali": "علي", "Hussein": "حسين", "Hassan": "حسن", "Omar": "عمر", "Khaled": "خالد", "Khalid": "خالد",
    "Mahmoud": "محمود", "Yousef": "يوسف", "Ibrahim": "إبراهيم", "Mustafa": "مصطفى", "Hamid": "حميد",
    "Fatima": "فاطمة", "Zainab": "زينب", "Maryam": "مريم", "Aisha": "عائشة", "Zahra": "زهراء",
    "Laila": "ليلى", "Sara": "سارة", "Noor": "نور", "Amina": "أمينة", "Huda": "هدى", "Samira": "سميرة",
    "Mehdi": "مهدي", "Amir": "أمير", "Rahim": "رحيم", "Nadia": "نادية", "Rania": "رانيا", "Hala": "هالة",
    "Lina": "لينا", "Hosseini": "حسيني", "Ahmadi": "أحمدي", "Mohammadi": "محمدي", "Rahimi": "رحيمي",
    "Karimi": "كريمي", "Haddad": "حداد", "Khalil": "خليل", "Hamdan": "حمدان", "Mansour": "منصور",
    "Abbas": "عباس", "Rashid": "رشيد", "Mahmood": "محمود", "Kareem": "كريم", "Saleh": "صالح",
    "Nasser": "ناصر", "Youssef": "يوسف", "Jafari": "جعفري", "Moradi": "مرادي", "Hashemi": "هاشمي",
    "Mousavi": "موسوي", "Amiri": "أميري", "Azizi": "عزيزي", "Habibi": "حبيبي", "Sultani": "سلطاني",
    "Noori": "نوري", "Darwish": "درويش", "Suleiman": "سليمان", "Othman": "عثمان", "Hamad": "حمد",
    "Jasim": "جاسم",
}
TODAY = datetime.date(2026, 12, 1)


def _zipf(items, exponent=0.9):
    weights = [1 / (rank + 1) ** exponent for rank in range(len(items))]
    return lambda rng: rng.choices(items, weights=weights)[0]


class Population:
    """Draws persons like apps.demo.generator: country by weight, names by Zipf rank, 5 % of
    dates unknown, 15 % year only (stored as 1 January), the rest exact; name variants on
    35 % / 25 % of persons whose names have known other spellings."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.countries = COUNTRIES
        self.country_weights = [c.weight for c in COUNTRIES]
        self.pick = {c.code: (_zipf(c.family), _zipf(c.male), _zipf(c.female)) for c in COUNTRIES}

    def person(self) -> dict:
        rng = self.rng
        country = rng.choices(self.countries, weights=self.country_weights)[0]
        family_pick, male_pick, female_pick = self.pick[country.code]
        sex = "female" if rng.random() < 0.5 else "male"
        given = (female_pick if sex == "female" else male_pick)(rng)
        family = family_pick(rng)
        if country.feminine_a and sex == "female" and family.endswith(("ov", "ev", "in")):
            family += "a"
        roll = rng.random()
        born = TODAY - datetime.timedelta(days=rng.randint(0, 75 * 365))
        if roll < 0.05:
            birth, precision = None, similarity.UNKNOWN
        elif roll < 0.20:
            birth, precision = born.replace(month=1, day=1), similarity.YEAR
        else:
            birth, precision = born, similarity.EXACT
        lines = []
        if FAMILY_VARIANTS.get(family) and rng.random() < 0.35:
            lines.append(f"{given} {rng.choice(FAMILY_VARIANTS[family])}")
        if GIVEN_VARIANTS.get(given.split()[0]) and rng.random() < 0.25:
            lines.append(f"{rng.choice(GIVEN_VARIANTS[given.split()[0]])} {family}")
        return {"family": family, "given": given, "variants": "\n".join(lines), "birth": birth,
                "precision": precision, "sex": sex, "country": country.code}


def _typo(rng, word: str) -> str:
    position = rng.randrange(len(word))
    letter = rng.choice(string.ascii_lowercase)
    operation = rng.choice(("replace", "delete", "insert", "transpose"))
    if operation == "replace" or len(word) < 4:
        return word[:position] + letter + word[position + 1:]
    if operation == "delete":
        return word[:position] + word[position + 1:]
    if operation == "insert":
        return word[:position] + letter + word[position:]
    position = min(position, len(word) - 2)
    return word[:position] + word[position + 1] + word[position] + word[position + 2:]


def suits(kind: str, person: dict) -> bool:
    """Whether a person can carry a duplicate of this kind."""
    given, family, birth = person["given"], person["family"], person["birth"]
    if person["precision"] != similarity.EXACT:
        return False  # one difference per duplicate: the record itself has an exact date
    if kind == "transliteration":
        return bool(FAMILY_VARIANTS.get(family) or GIVEN_VARIANTS.get(given))
    if kind == "arabic_script":
        return given in ARABIC and family in ARABIC
    if kind == "day_month_swapped":
        return similarity.swapped(birth) is not None
    return True


def duplicate(rng, kind: str, person: dict) -> tuple[dict, dict]:
    """(the record as stored earlier, the record as entered again) for a planted duplicate."""
    stored, entered = dict(person), dict(person, variants="")
    given, family = person["given"], person["family"]
    if kind == "transliteration":
        if FAMILY_VARIANTS.get(family) and (not GIVEN_VARIANTS.get(given) or rng.random() < 0.6):
            entered["family"] = rng.choice(FAMILY_VARIANTS[family])
        else:
            entered["given"] = rng.choice(GIVEN_VARIANTS[given])
        stored["variants"] = ""  # the other spelling was not recorded
    elif kind == "name_order":
        entered["family"], entered["given"] = given, family
    elif kind == "typo":
        if rng.random() < 0.5:
            entered["family"] = _typo(rng, family.lower()).capitalize()
        else:
            entered["given"] = _typo(rng, given.lower()).capitalize()
    elif kind == "year_only":
        stored["birth"], stored["precision"] = person["birth"].replace(month=1, day=1), similarity.YEAR
    elif kind == "day_month_swapped":
        entered["birth"] = similarity.swapped(person["birth"])
    elif kind == "missing_date":
        stored["birth"], stored["precision"] = None, similarity.UNKNOWN
    elif kind == "arabic_script":
        entered["family"], entered["given"] = ARABIC[family], ARABIC[given]
    return stored, entered


def namesake(rng, person: dict) -> dict:
    """Another human with the same name, born on another (exact) date."""
    born = person["birth"] or TODAY
    other = born
    while person["birth"] and abs((other - born).days) < 400:
        other = TODAY - datetime.timedelta(days=rng.randint(0, 75 * 365))
    return dict(person, variants="", birth=other, precision=similarity.EXACT)
