"""The rule set of a programme version as frozen dataclasses (parsed by apps.programmes.rules)."""

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Condition:
    """One alternative of a benefit's `when`: all its parts must hold."""

    lists: tuple[str, ...] = ()  # the country (by `basis`) is in one of these lists
    lists_none: tuple[str, ...] = ()  # … and in none of these
    basis: str = "nationality"
    circumstances_any: tuple[str, ...] = ()
    circumstances_none: tuple[str, ...] = ()


@dataclass(frozen=True)
class Source:
    """Where a value was read: an address and/or a short title."""

    url: str = ""
    title: str = ""


@dataclass(frozen=True)
class Conflict:
    """Another value a different source gives for a field of a benefit."""

    field: str  # "adult_amount", "child_amount" or "family_cap"
    value: int | None
    source: Source | None = None


@dataclass(frozen=True)
class EntryCondition:
    """A condition on one entry of a country list: only for persons who entered Germany up to
    `entered_until`; None means that a cut-off exists but is not known."""

    entered_until: date | None = None


@dataclass(frozen=True)
class Benefit:
    code: str
    kind: str = "cash"
    label: str = ""
    adult_amount: int | None = None
    child_amount: int | None = None
    adult_from_age: int = 18
    family_cap: int | None = None
    up_to: bool = False  # the amounts are maxima (costs covered as they arise)
    when: tuple[Condition, ...] = ()
    source: Source | None = None  # of the amounts; None: the version's source
    family_cap_source: Source | None = None  # None: the amounts' source
    conflicts: tuple[Conflict, ...] = ()


@dataclass(frozen=True)
class SpecialRule:
    code: str
    nationalities: tuple[str, ...]
    effect: str
    months_of_stay_below: int | None = None
    components: tuple[str, ...] = ()
    valid_from: date | None = None
    valid_to: date | None = None
    may_be_extended: bool = False
    title: str = ""


@dataclass(frozen=True)
class Rules:
    eligible_residence_statuses: tuple[str, ...] | None = None  # None: no residence rule
    statuses_needing_circumstance: dict = field(default_factory=dict)
    qualifying_circumstances: tuple[str, ...] = ()
    excluded_nationalities: str | None = None  # a list name
    excluded_nationalities_except: tuple[Condition, ...] = ()  # any one holding lifts the exclusion
    excluded_destinations: str | None = None
    excluded_destinations_except: tuple[Condition, ...] = ()
    destination_lists: tuple[str, ...] = ()
    destinations_to_check: str | None = None
    onward_migration_needs_checking: bool = False
    requires_programme: str | None = None
    needs_a_benefit: bool = False
    country_lists: dict = field(default_factory=dict)  # name -> frozenset of ISO codes
    special_rules: tuple[SpecialRule, ...] = ()
    benefits: tuple[Benefit, ...] = ()
    entry_conditions: dict = field(default_factory=dict)  # (list name, country) -> EntryCondition

    def in_list(self, name: str, country: str) -> bool:
        return country in self.country_lists.get(name, ())

    def entry_condition(self, name: str, country: str) -> EntryCondition | None:
        return self.entry_conditions.get((name, country))
