"""The benefits of a programme for an input: which components apply (country lists, entry
cut-offs, circumstances), the amounts per person, family caps, sources and conflicting values.
Pure functions over apps.programmes.results and apps.programmes.rule_types (no database)."""

from dataclasses import replace

from django.utils.translation import gettext_lazy as _

from apps.programmes.results import (
    BENEFIT_LABELS,
    INFO,
    BenefitLine,
    ComponentTotal,
    ConflictingValue,
    Reason,
)
from apps.programmes.rule_types import Benefit, Condition, Rules, Source


def is_flagged(unverified: frozenset, *keys: str) -> bool:
    return any(key in unverified for key in keys)


def list_is_flagged(unverified: frozenset, name: str, country: str) -> bool:
    return is_flagged(unverified, f"country_lists.{name}", f"country_lists.{name}.{country}")


def _country(inp, cond: Condition) -> str:
    return inp.nationality if cond.basis == "nationality" else inp.destination


def _listed(inp, rules: Rules, name: str, country: str) -> bool | None:
    """Whether the country is on the list for this input; None when an entry's condition (the
    cut-off of the entry date) cannot be decided: the cut-off or the entry date is not known."""
    if not rules.in_list(name, country):
        return False
    entry = rules.entry_condition(name, country)
    if entry is None:
        return True
    if entry.entered_until is None or inp.entry_date is None:
        return None
    return inp.entry_date <= entry.entered_until


def condition_holds(inp, rules: Rules, cond: Condition) -> bool | None:
    """True, False, or None when a list entry's condition is open (see _listed)."""
    country = _country(inp, cond)
    open_entry = False
    if cond.lists:
        found = [_listed(inp, rules, name, country) for name in cond.lists]
        if True not in found:
            if None not in found:
                return False
            open_entry = True
    if any(rules.in_list(name, country) for name in cond.lists_none):
        return False
    if cond.circumstances_any and not set(cond.circumstances_any) & inp.circumstances:
        return False
    if set(cond.circumstances_none) & inp.circumstances:
        return False
    return None if open_entry else True


def _applies(inp, rules: Rules, benefit: Benefit) -> bool | None:
    if not benefit.when:
        return True
    found = [condition_holds(inp, rules, cond) for cond in benefit.when]
    return True if True in found else (None if None in found else False)


def _entry_reason(inp, prog, benefit: Benefit, applies, name: str, country: str) -> Reason | None:
    """Why a conditional list entry (e.g. Georgia: entries up to a cut-off) does or does not count."""
    entry = prog.rules.entry_condition(name, country)
    if entry is None or not prog.rules.in_list(name, country):
        return None
    params = {"benefit": benefit.code, "country": country, "list": name, "until": entry.entered_until,
              "entered": inp.entry_date}
    flagged = list_is_flagged(prog.unverified, name, country)
    code = f"benefit.{benefit.code}"
    if applies is None and entry.entered_until is None:
        template = _("%(benefit)s: %(country)s is on the list “%(list)s” only for entries up to a cut-off date that "
                     "the sources do not give: check; not added to the total.")
    elif applies is None:
        template = _("%(benefit)s: %(country)s is on the list “%(list)s” only for entries up to %(until)s: enter "
                     "the date of entry; not added to the total.")
    elif applies:
        template = _("%(benefit)s: %(country)s is on the list “%(list)s” for entries up to %(until)s (entered "
                     "%(entered)s).")
    elif inp.entry_date and entry.entered_until and inp.entry_date > entry.entered_until:
        template = _("%(benefit)s: not for %(country)s: the list “%(list)s” includes it only for entries up to "
                     "%(until)s (entered %(entered)s).")
    else:
        return None
    return Reason(code, INFO, template, params, flagged)


def _benefit_reason(inp, prog, benefit: Benefit, applies) -> Reason | None:
    """Why a component depending on a country list does or does not apply."""
    listed = [(cond, name) for cond in benefit.when for name in cond.lists]
    if not listed:
        return None
    cond, name = next(((c, n) for c, n in listed if prog.rules.in_list(n, _country(inp, c))), listed[0])
    country = _country(inp, cond)
    entry_reason = _entry_reason(inp, prog, benefit, applies, name, country)
    if entry_reason:
        return entry_reason
    params = {"benefit": benefit.code, "country": country, "list": name}
    flagged = list_is_flagged(prog.unverified, name, country)
    if applies:
        return Reason(f"benefit.{benefit.code}", INFO, _("%(benefit)s: %(country)s is on the list “%(list)s”."),
                      params, flagged)
    if any(condition_holds(inp, prog.rules, Condition(lists=c.lists, basis=c.basis)) is not False
           for c in benefit.when if c.lists):
        return None  # listed, but the circumstances decide: no need to explain the list
    return Reason(f"benefit.{benefit.code}", INFO, _("%(benefit)s: not for %(country)s (not on the list “%(list)s”)."),
                  params, flagged)


def benefit_lines(ages, benefit: Benefit, unverified: bool = False, needs_checking: bool = False) -> list[BenefitLine]:
    """One line per person: the adult amount from `adult_from_age`, else the child amount; a
    person of unknown age counts as an adult (the higher estimate)."""
    lines = []
    for index, age in enumerate(ages):
        adult = age is None or age >= benefit.adult_from_age
        amount = benefit.adult_amount if adult else benefit.child_amount
        lines.append(BenefitLine(index, age, adult, benefit.code, benefit.kind, amount, benefit.up_to, unverified,
                                 needs_checking))
    return lines


def _sums(benefit: Benefit, lines) -> tuple[int | None, int | None]:
    """The sum of the known amounts before and after the family cap; None when none is known."""
    known = [line.amount for line in lines if line.amount is not None]
    if not known:
        return None, None
    subtotal = sum(known)
    return subtotal, subtotal if benefit.family_cap is None else min(subtotal, benefit.family_cap)


def _conflicting_values(benefit: Benefit, ages) -> tuple[ConflictingValue, ...]:
    """Each value another source gives, with the component's total if that value applied."""
    found = []
    for conflict in benefit.conflicts:
        other = replace(benefit, **{conflict.field: conflict.value}, conflicts=())
        found.append(ConflictingValue(conflict.field, conflict.value, conflict.source,
                                      _sums(other, benefit_lines(ages, other))[1]))
    return tuple(found)


def component_total(benefit: Benefit, lines, *, label: str = "", unverified=False, cap_unverified=False,
                    programme_source: Source | None = None, needs_checking: bool = False,
                    ages=None) -> ComponentTotal:
    """The component's sum over the persons and the same after the family cap (None when no
    amount is known), with the source of its amounts and the values other sources give."""
    subtotal, total = _sums(benefit, lines)
    source = benefit.source or programme_source
    return ComponentTotal(
        benefit.code, label or BENEFIT_LABELS.get(benefit.code, benefit.label or benefit.code), benefit.kind,
        subtotal, total, benefit.family_cap, benefit.up_to, any(line.amount is None for line in lines), unverified,
        cap_unverified, source=source, source_is_programme=benefit.source is None and source is not None,
        cap_source=(benefit.family_cap_source or source) if benefit.family_cap is not None else None,
        conflicts=_conflicting_values(benefit, [line.age for line in lines] if ages is None else ages),
        needs_checking=needs_checking)


def benefits_for(inp, prog, only: set | None):
    reasons, lines, components = [], [], []
    programme_source = Source(url=prog.source_url) if prog.source_url else None
    for benefit in prog.rules.benefits:
        if only is not None and benefit.code not in only:
            continue
        applies = _applies(inp, prog.rules, benefit)
        reason = _benefit_reason(inp, prog, benefit, applies)
        if reason:
            reasons.append(reason)
        if applies is False:
            continue
        flagged = is_flagged(prog.unverified, f"benefits.{benefit.code}") or (reason is not None and reason.unverified)
        own = benefit_lines(inp.ages, benefit, flagged, needs_checking=applies is None)
        lines.extend(own)
        components.append(component_total(
            benefit, own, unverified=flagged, programme_source=programme_source, needs_checking=applies is None,
            cap_unverified=is_flagged(prog.unverified, f"benefits.{benefit.code}.family_cap"), ages=inp.ages))
    return reasons, lines, components
