"""The programmes page in plain language, built from the programme data and its verified flags.

It never promises a benefit: every line says what *may* be possible and that counselling
checks it; an amount is shown only when its source confirmed it (the version's `unverified`
list names unconfirmed values); other amounts are "to be confirmed in counselling".
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import formats, translation
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.programmes.results import BENEFIT_LABELS
from apps.programmes.rules import Benefit, parse_rules
from apps.programmes.selectors import current_versions

# Each component kind in plain words of the visitor's language (client strings); the
# programme's own name for a component is German data and is shown beside it, marked lang="de".
KIND_LABELS = {
    "cash": gettext_lazy("A payment"),
    "in_kind": gettext_lazy("Help in kind"),
    "costs": gettext_lazy("Some costs"),
}


def german(value: str) -> SafeString:
    """A name from the programme data (German) inside a page of another language (WCAG 3.1.2)."""
    return format_html('<span lang="de" dir="ltr">{}</span>', value)


@dataclass
class BenefitLine:
    text: str          # the sentence in the visitor's language
    name: str          # the component's name in the programme data (German)


@dataclass
class ProgrammeSummary:
    name: str
    operator: str
    lines: list[BenefitLine] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    checked: bool = False


def _euros(amount: int) -> str:
    return formats.number_format(amount, use_l10n=True, force_grouping=True)


def _data_name(benefit: Benefit) -> str:
    with translation.override("de"):
        return str(BENEFIT_LABELS.get(benefit.code, benefit.label or benefit.code))


def _benefit_line(benefit: Benefit, unverified: set[str]) -> BenefitLine:
    label = str(KIND_LABELS.get(benefit.kind, KIND_LABELS["cash"]))
    if f"benefits.{benefit.code}" in unverified:
        line = _("%(benefit)s: the amount is to be confirmed in counselling.") % {"benefit": label}
    elif benefit.adult_amount is None and benefit.child_amount is None:
        line = (_("%(benefit)s may be covered. Counselling checks this with you.") if benefit.kind == "costs"
                else _("%(benefit)s: the amount is to be confirmed in counselling.")) % {"benefit": label}
    else:
        values = {"benefit": label, "adult": _euros(benefit.adult_amount or 0),
                  "child": _euros(benefit.child_amount or 0)}
        if benefit.up_to:
            line = _("%(benefit)s: possibly up to %(adult)s euros per person.") % values
        elif benefit.child_amount is not None and benefit.child_amount != benefit.adult_amount:
            line = _("%(benefit)s: possibly %(adult)s euros per adult and %(child)s euros per child.") % values
        else:
            line = _("%(benefit)s: possibly %(adult)s euros per person.") % values
        if benefit.family_cap is not None:
            if f"benefits.{benefit.code}.family_cap" in unverified:
                line += " " + _("A limit per family may apply; counselling checks it.")
            else:
                line += " " + _("At most %(cap)s euros per family.") % {"cap": _euros(benefit.family_cap)}
    if benefit.when:
        line += " " + _("Only for some countries or situations.")
    return BenefitLine(text=line, name=_data_name(benefit))


def programme_summaries() -> list[ProgrammeSummary]:
    """The active programmes' current versions, in the active language."""
    summaries = []
    for version in current_versions():
        try:
            rules = parse_rules(version.rules)
        except ValidationError:
            continue  # a broken rule set says nothing reliable; counselling knows the programme
        unverified = set(version.unverified)
        summary = ProgrammeSummary(name=str(version.programme), operator=version.programme.operator,
                                   checked=version.verified_on is not None and not unverified)
        summary.lines = [_benefit_line(benefit, unverified) for benefit in rules.benefits]
        if version.programme.requires_id:
            note = _("This programme adds to %(programme)s. It is only possible together with it.")
            # format_html escapes the sentence's parts and keeps the marked name.
            pattern = note.replace("{", "{{").replace("}", "}}").replace("%(programme)s", "{programme}")
            summary.notes.append(format_html(pattern, programme=german(str(version.programme.requires))))
        if rules.eligible_residence_statuses is not None or rules.excluded_nationalities:
            summary.notes.append(_("Who can take part depends on your residence status and your country. "
                                   "Counselling checks this with you."))
        if rules.special_rules:
            summary.notes.append(_("Special rules apply to some countries."))
        summaries.append(summary)
    return summaries
