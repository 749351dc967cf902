"""What a disclosure can share: a registry of field codes → (label, getter).

A getter takes (case, person) — the person is the one whose consent the disclosure rests
on — and returns the display text; the household getter also takes the persons the
disclosure pinned when it was made (Disclosure.persons), so that people who joined the
household later are never shown. Values are read when the authority looks, from the live
records, so corrections reach it; but only the fields the disclosure lists are ever read.
Higher apps (applications) add fields with register_disclosable_field() in their
AppConfig.ready(), so that imports keep pointing downward.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

Getter = Callable[[Any, Any], str]


@dataclass(frozen=True)
class DisclosableField:
    code: str
    label: Any  # a lazy translation
    getter: Getter
    order: int
    # The getter takes a third argument: the disclosure's pinned persons.
    takes_members: bool = False


DISCLOSABLE_FIELDS: dict[str, DisclosableField] = {}


def register_disclosable_field(code: str, label, getter: Getter, order: int | None = None, *,
                               takes_members: bool = False) -> None:
    """Make `code` disclosable; registering a code again replaces it (ready() may run twice)."""
    if order is None:
        order = DISCLOSABLE_FIELDS[code].order if code in DISCLOSABLE_FIELDS else 100 + len(DISCLOSABLE_FIELDS)
    DISCLOSABLE_FIELDS[code] = DisclosableField(code, label, getter, order, takes_members)


def ordered_fields() -> list[DisclosableField]:
    return sorted(DISCLOSABLE_FIELDS.values(), key=lambda f: (f.order, f.code))


def field_choices() -> list[tuple[str, Any]]:
    return [(f.code, f.label) for f in ordered_fields()]


def disclosed_values(case, person, codes, members=()) -> list[tuple[str, str, str]]:
    """(code, label, value) for exactly the listed codes that are still registered, in the
    registry's order. Nothing outside `codes` is read; `members` are the disclosure's pinned
    persons (the household field shows no one else)."""
    wanted = set(codes)
    members = list(members)

    def value(f: DisclosableField) -> str:
        return (f.getter(case, person, members) if f.takes_members else f.getter(case, person)) or "—"

    return [(f.code, str(f.label), value(f)) for f in ordered_fields() if f.code in wanted]


# --- The fields of the lower layers ------------------------------------------------------


def _name(case, person) -> str:
    return f"{person.given_names} {person.family_name}".strip()


def _birth_date(case, person) -> str:
    return person.display_birth_date


def _nationalities(case, person) -> str:
    return ", ".join(str(country.name) for country in person.nationalities)


def _residence(case, person) -> str:
    status = person.get_residence_status_display()
    if person.residence_valid_until:
        return _("%(status)s, valid until %(date)s") % {
            "status": status, "date": person.residence_valid_until.strftime("%d.%m.%Y")}
    return str(status)


def _bamf_file_number(case, person) -> str:
    return person.bamf_file_number


def _address(case, person) -> str:
    place = f"{person.postcode} {person.city}".strip()
    district = person.district.name if person.district_id else ""
    return ", ".join(part for part in (person.street, place, district) if part)


def _phone(case, person) -> str:
    return str(person.phone or "")


def _household(case, person, members) -> str:
    """The pinned persons, with their relationship if they are still in the household."""
    relationships = {m.person_id: m.get_relationship_display() for m in case.household.members.all()}

    def line(member) -> str:
        details = ", ".join(str(part) for part in (member.display_birth_date, relationships.get(member.pk)) if part)
        return f"{member.given_names} {member.family_name} ({details})".strip()

    return "; ".join(line(member) for member in members)


def _return_country(case, person) -> str:
    return str(case.intended_return_country.name) if case.intended_return_country else ""


for _order, (_code, _label, _getter) in enumerate([
    ("name", gettext_lazy("Name"), _name),
    ("birth_date", gettext_lazy("Date of birth"), _birth_date),
    ("nationalities", gettext_lazy("Nationalities"), _nationalities),
    ("residence_status", gettext_lazy("Residence status and validity"), _residence),
    ("bamf_file_number", gettext_lazy("BAMF file number"), _bamf_file_number),
    ("address", gettext_lazy("Address and district"), _address),
    ("phone", gettext_lazy("Phone"), _phone),
    ("household_members", gettext_lazy("Household members (names and dates of birth)"), _household),
    ("intended_return_country", gettext_lazy("Intended country of return"), _return_country),
]):
    register_disclosable_field(_code, _label, _getter, order=_order * 10, takes_members=_code == "household_members")
