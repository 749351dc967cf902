"""What the eligibility check gives: decisions, reasons, benefit lines and totals.

Reasons keep their message as an English source text with parameters and render it in the
active language (`Reason.message`), so the same result prints in German for the client.
"""

from dataclasses import dataclass, field
from datetime import date

from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from apps.programmes.rules import CIRCUMSTANCES, Rules, Source

ELIGIBLE, NOT_ELIGIBLE, NEEDS_CHECKING, INFO = "eligible", "not_eligible", "needs_checking", "info"
DECISIONS = {ELIGIBLE: _("eligible"), NOT_ELIGIBLE: _("not eligible"), NEEDS_CHECKING: _("needs checking")}
COUNTED_KINDS = {"cash", "in_kind"}

LIST_LABELS = {
    "eu_member_states": _("EU member states"),
    "starthilfe_countries": _("start-up assistance countries"),
    "reduced_travel_assistance_countries": _("reduced travel assistance countries"),
    "refinancing_destinations": _("destinations in the refinancing procedure"),
    "shp_regular": _("StarthilfePlus regular"),
    "shp_reduced": _("StarthilfePlus reduced"),
    "shp_housing": _("StarthilfePlus housing support"),
    "shp_long_term_toleration": _("StarthilfePlus long-term toleration"),
    "eurp_countries": _("EURP countries"),
    "eurp_special_rule_countries": _("EURP countries with special rules"),
}
BENEFIT_LABELS = {
    "travel_costs": _("Travel costs (ticket and travel to the airport)"),
    "travel_assistance": _("Travel assistance (Reisebeihilfe)"),
    "travel_assistance_reduced": _("Reduced travel assistance"),
    "medical_costs": _("Medical costs (up to 3 months after arrival)"),
    "starthilfe": _("Start-up assistance (Starthilfe)"),
    "shp_regular": _("Second start-up assistance, regular"),
    "shp_reduced": _("Second start-up assistance, reduced"),
    "shp_housing": _("Reintegration support for housing"),
    "shp_long_term_toleration": _("Housing and medical support after long-term toleration"),
    "eurp_post_arrival": _("Post-arrival package (up to 14 working days)"),
    "eurp_post_return": _("Post-return package (up to 12 months)"),
}


@dataclass(frozen=True)
class EligibilityInput:
    nationality: str  # ISO 3166 alpha-2, "" when unknown
    destination: str
    residence_status: str  # a Person.ResidenceStatus code
    months_of_stay: int | None = None
    circumstances: frozenset = frozenset()
    ages: tuple = ()  # one entry per travelling member; None when unknown
    entry_date: date | None = None  # first entry into Germany (conditional list entries)

    @property
    def destination_name(self) -> str:
        return countries.name(self.destination) or self.destination


@dataclass(frozen=True)
class ProgrammeRules:
    """One programme version as the engine sees it."""

    programme_code: str
    programme_name: str
    version_label: str
    rules: Rules
    unverified: frozenset = frozenset()
    version_id: int | None = None
    source_url: str = ""
    verified_on: date | None = None
    valid_to: date | None = None


def _param(key: str, value):
    if key in {"country", "nationality", "destination"}:
        return countries.name(value) or value or gettext("unknown")
    if key == "list":
        return str(LIST_LABELS.get(value, value))
    if key == "status":
        from apps.clients.models import Person

        return str(Person.ResidenceStatus(value).label) if value in Person.ResidenceStatus.values else value
    if key == "circumstance":
        return str(CIRCUMSTANCES.get(value, value))
    if key == "benefit":
        return str(BENEFIT_LABELS.get(value, value))
    if key == "components":
        return ", ".join(str(BENEFIT_LABELS.get(code, code)) for code in value)
    if key == "programme":
        return value
    if key == "exceptions":
        from apps.programmes.titles import describe_condition

        return "; ".join(describe_condition(cond) for cond in value)
    if isinstance(value, date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    return value


@dataclass(frozen=True)
class Reason:
    code: str
    effect: str  # a decision, or INFO for a reason that explains a benefit
    template: object  # a lazy English source text with %(name)s parameters
    params: dict = field(default_factory=dict)
    unverified: bool = False

    title: str = ""  # the rule's own title in the data (special rules), if any

    @property
    def message(self) -> str:
        """The text in the active language."""
        return str(self.template) % {key: _param(key, value) for key, value in self.params.items()}

    @property
    def rule_title(self) -> str:
        """The name of the rule that gave this reason, in the active language (never its key)."""
        from apps.programmes.titles import reason_title

        return reason_title(self.code, {self.code.partition(".")[2]: self.title} if self.title else None)


@dataclass(frozen=True)
class BenefitLine:
    person: int  # index into EligibilityInput.ages
    age: int | None
    adult: bool
    component: str
    kind: str
    amount: int | None  # None: not fixed or not known
    up_to: bool = False
    unverified: bool = False
    needs_checking: bool = False


@dataclass(frozen=True)
class ConflictingValue:
    """A value another source gives, with what the component would come to with it."""

    field: str  # adult_amount, child_amount or family_cap
    value: int | None
    source: Source | None
    total: int | None  # the component's total if this value applied (None: not known)


@dataclass(frozen=True)
class ComponentTotal:
    component: str
    label: object  # lazy for the shipped components: rendered in the active language
    kind: str
    subtotal: int | None  # the known amounts of all persons, before the cap; None: no amount known
    total: int | None  # after the family cap; None: no amount known
    family_cap: int | None = None
    up_to: bool = False
    amount_unknown: bool = False
    unverified: bool = False
    cap_unverified: bool = False
    source: Source | None = None  # of the amounts
    source_is_programme: bool = False  # the benefit names no own source: the version's is shown
    cap_source: Source | None = None
    conflicts: tuple = ()  # ConflictingValue, one per value another source gives
    needs_checking: bool = False  # whether it applies at all is open (e.g. a list entry's cut-off)

    @property
    def counted(self) -> bool:
        """Whether the component counts towards the estimated total (costs covered as they
        arise are shown, not added up; a component whose application is open is not promised)."""
        return self.kind in COUNTED_KINDS and not self.up_to and not self.needs_checking

    @property
    def capped(self) -> bool:
        return self.total is not None and self.subtotal is not None and self.total < self.subtotal


@dataclass(frozen=True)
class ProgrammeResult:
    programme_code: str
    programme_name: str
    version_label: str
    decision: str
    reasons: tuple
    lines: tuple = ()
    components: tuple = ()
    version_id: int | None = None
    source_url: str = ""
    verified_on: date | None = None

    @property
    def decision_label(self) -> str:
        return str(DECISIONS[self.decision])

    def _sum(self, attribute: str) -> int | None:
        """The counted components' known amounts; None when amounts are counted but none is known."""
        counted = [getattr(c, attribute) for c in self.components if c.counted]
        known = [value for value in counted if value is not None]
        return sum(known) if known or not counted else None

    @property
    def total_before_cap(self) -> int | None:
        return self._sum("subtotal")

    @property
    def total(self) -> int | None:
        return self._sum("total")

    @property
    def amounts_need_checking(self) -> bool:
        return any(c.needs_checking for c in self.components)

    @property
    def total_unverified(self) -> bool:
        return any(c.unverified or c.cap_unverified for c in self.components if c.counted)

    @property
    def amounts_unknown(self) -> bool:
        return any(c.amount_unknown for c in self.components if c.counted)

    @property
    def unverified(self) -> bool:
        return any(r.unverified for r in self.reasons) or any(c.unverified or c.cap_unverified
                                                               for c in self.components)

    def people(self) -> list[dict]:
        """Per person: index (from 1), age, and their lines with the component's label."""
        labels = {c.component: c.label for c in self.components}
        people: dict[int, dict] = {}
        for line in self.lines:
            entry = people.setdefault(line.person, {"number": line.person + 1, "age": line.age, "adult": line.adult,
                                                    "lines": []})
            entry["lines"].append({"label": labels.get(line.component, line.component), "line": line})
        return [people[index] for index in sorted(people)]
