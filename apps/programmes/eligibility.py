"""The eligibility check: for a household and a destination, per programme version, a
decision (eligible / not eligible / needs checking), the reason for every rule that decided
it, and an estimate of the benefits per person and in total, respecting family caps.

`check()` and everything it calls are pure functions over the dataclasses of
apps.programmes.results and apps.programmes.rules (no database); `load_programmes()` and
`check_household()` are the thin layer that reads ProgrammeVersion rows and a case's household.
"""

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.programmes.benefits import (  # noqa: F401 (benefit_lines, component_total: re-exported)
    benefit_lines,
    benefits_for,
    component_total,
    condition_holds,
    is_flagged,
    list_is_flagged,
)
from apps.programmes.results import (  # noqa: F401 (re-exported for the applications part)
    BENEFIT_LABELS,
    DECISIONS,
    ELIGIBLE,
    INFO,
    NEEDS_CHECKING,
    NOT_ELIGIBLE,
    BenefitLine,
    ComponentTotal,
    ConflictingValue,
    EligibilityInput,
    ProgrammeResult,
    ProgrammeRules,
    Reason,
)
from apps.programmes.rules import Condition, Rules, SpecialRule, parse_rules

# --- The rules ------------------------------------------------------------------------------------


def _base_reasons(inp, prog, base_results) -> list[Reason]:
    reasons, rules = [], prog.rules
    if rules.requires_programme:
        base = base_results.get(rules.requires_programme)
        params = {"programme": base.programme_name if base else rules.requires_programme}
        if base is None:
            reasons.append(Reason("requires_programme", NEEDS_CHECKING,
                                  _("Requires %(programme)s, which was not checked."), params))
        elif base.decision == NOT_ELIGIBLE:
            reasons.append(Reason("requires_programme", NOT_ELIGIBLE,
                                  _("Requires an approved %(programme)s departure, which is not possible."), params))
        elif base.decision == NEEDS_CHECKING:
            reasons.append(Reason("requires_programme", NEEDS_CHECKING,
                                  _("Requires an approved %(programme)s departure, which needs checking."), params))
        else:
            reasons.append(Reason("requires_programme", ELIGIBLE,
                                  _("Supplements %(programme)s: paid only after an approved departure with it."),
                                  params))
    if not inp.nationality:
        reasons.append(Reason("nationality", NEEDS_CHECKING, _("The nationality is not known: check it.")))
    if not inp.destination:
        reasons.append(Reason("destination", NEEDS_CHECKING, _("The destination is not known: check it.")))
    return reasons


def _nationality_reasons(inp, prog) -> list[Reason]:
    rules, name = prog.rules, prog.rules.excluded_nationalities
    if not name or not inp.nationality or not rules.in_list(name, inp.nationality):
        return []
    flagged = list_is_flagged(prog.unverified, name, inp.nationality) or is_flagged(prog.unverified,
                                                                                 "excluded_nationalities")
    params = {"nationality": inp.nationality, "list": name}
    excepted = _excepted(inp, rules, rules.excluded_nationalities_except)
    if excepted:
        return [Reason("excluded_nationality_excepted", ELIGIBLE,
                       _("Nationals of %(nationality)s (%(list)s) are excluded, except: %(exceptions)s."),
                       {**params, "exceptions": excepted}, flagged)]
    return [Reason("excluded_nationality", NOT_ELIGIBLE,
                   _("Nationals of %(nationality)s (%(list)s) are excluded from this programme."), params, flagged)]


def _excepted(inp, rules: Rules, exceptions) -> tuple[Condition, ...]:
    """The exceptions to an exclusion that hold for the input (any one lifts it)."""
    return tuple(cond for cond in exceptions if condition_holds(inp, rules, cond) is True)


def _residence_reasons(inp, prog) -> list[Reason]:
    rules = prog.rules
    if rules.eligible_residence_statuses is None:
        return []
    flagged = is_flagged(prog.unverified, "eligible_residence_statuses")
    qualifying = sorted(set(rules.qualifying_circumstances) & inp.circumstances)
    status = inp.residence_status
    if qualifying:
        return [Reason("qualifying_circumstance", ELIGIBLE,
                       _("Eligible whatever the residence status: %(circumstance)s."),
                       {"circumstance": qualifying[0]}, is_flagged(prog.unverified, "qualifying_circumstances"))]
    if status in rules.statuses_needing_circumstance:
        needed = rules.statuses_needing_circumstance[status]
        params = {"status": status, "circumstance": needed}
        if needed in inp.circumstances:
            return [Reason("residence_status", ELIGIBLE,
                           _("Residence status “%(status)s” with “%(circumstance)s” is eligible."), params, flagged)]
        return [Reason("residence_status", NEEDS_CHECKING,
                       _("Residence status “%(status)s” is eligible only with “%(circumstance)s”: check."),
                       params, flagged)]
    if status in rules.eligible_residence_statuses:
        return [Reason("residence_status", ELIGIBLE, _("Residence status “%(status)s” is eligible."),
                       {"status": status}, flagged)]
    if status in {"other", "unknown", ""}:
        return [Reason("residence_status", NEEDS_CHECKING,
                       _("The residence status is not known precisely: check whether it is eligible."), {}, flagged)]
    return [Reason("residence_status", NOT_ELIGIBLE, _("Residence status “%(status)s” is not eligible."),
                   {"status": status}, flagged)]


def _destination_reasons(inp, prog) -> list[Reason]:
    rules, reasons, dest = prog.rules, [], inp.destination
    if not dest:
        return reasons
    excluded, excepted = rules.excluded_destinations, ()
    if excluded and rules.in_list(excluded, dest):
        # facts.md §1.2: "excluded: … third-country nationals returning to an EU member state" is
        # an exclusion of EU destinations with the exception "nationals of EU member states".
        params = {"destination": dest, "list": excluded}
        flagged = (list_is_flagged(prog.unverified, excluded, dest)
                   or is_flagged(prog.unverified, "excluded_destinations"))
        excepted = _excepted(inp, rules, rules.excluded_destinations_except)
        if excepted:
            reasons.append(Reason("excluded_destination_excepted", ELIGIBLE,
                                  _("Returns to %(destination)s (%(list)s) are excluded, except: %(exceptions)s."),
                                  {**params, "exceptions": excepted}, flagged))
        elif rules.excluded_destinations_except:
            reasons.append(Reason("excluded_destination", NOT_ELIGIBLE,
                                  _("Returns to %(destination)s (%(list)s) are not supported; the only exceptions "
                                    "are: %(exceptions)s."),
                                  {**params, "exceptions": rules.excluded_destinations_except}, flagged))
        else:
            reasons.append(Reason("excluded_destination", NOT_ELIGIBLE,
                                  _("Returns to %(destination)s (%(list)s) are not supported."), params, flagged))
    if rules.destination_lists:
        found = [name for name in rules.destination_lists if rules.in_list(name, dest)]
        if found:
            reasons.append(Reason("destination_list", ELIGIBLE,
                                  _("%(destination)s is on the list “%(list)s”."),
                                  {"destination": dest, "list": found[0]},
                                  list_is_flagged(prog.unverified, found[0], dest)))
        else:
            reasons.append(Reason("destination_list", NOT_ELIGIBLE,
                                  _("%(destination)s is not among the destination countries of this programme."),
                                  {"destination": dest},
                                  any(list_is_flagged(prog.unverified, n, dest) for n in rules.destination_lists)))
    to_check = rules.destinations_to_check
    if to_check and rules.in_list(to_check, dest):
        reasons.append(Reason("destination_to_check", NEEDS_CHECKING,
                              _("Special conditions apply to %(destination)s (%(list)s): check the current rules."),
                              {"destination": dest, "list": to_check},
                              list_is_flagged(prog.unverified, to_check, dest)))
    if rules.onward_migration_needs_checking and inp.nationality and dest != inp.nationality:
        # An excepted destination (an EU national going to another EU state) is no visa question:
        # the sources speak of a return only, so the move needs checking for another reason.
        template = (_("%(destination)s is not the country of nationality: the exception covers a return, the sources "
                      "do not say whether a move to another of the %(list)s is supported; check.") if excepted else
                    _("%(destination)s is not the country of nationality: onward migration needs a visa "
                      "or residence permit for a permanent stay; check."))
        reasons.append(Reason("onward_migration", NEEDS_CHECKING, template, {"destination": dest, "list": excluded},
                              is_flagged(prog.unverified, "onward_migration_needs_checking")))
    return reasons


def _special_rule(inp, prog, rule: SpecialRule, on: date) -> tuple[Reason | None, set | None]:
    """The reason a special rule gives on the day `on`, and the components it restricts the
    estimate to (None: no restriction; an empty set: no component at all)."""
    if inp.nationality not in rule.nationalities:
        return None, None
    flagged = is_flagged(prog.unverified, f"special_rules.{rule.code}")
    # The data's own title; the rendered title is made when shown, in the language of the page.
    code, title = f"special_rule.{rule.code}", rule.title
    params = {"nationality": inp.nationality, "months": rule.months_of_stay_below}
    if rule.valid_from and on < rule.valid_from:
        return None, None
    below = rule.months_of_stay_below
    if below is not None and inp.months_of_stay is None:
        return Reason(code, NEEDS_CHECKING,
                      _("A special rule for nationals of %(nationality)s depends on the months of stay in Germany: "
                        "enter them."), params, flagged, title), None
    applies = below is None or inp.months_of_stay < below
    restriction = set(rule.components) if rule.effect == "only_components" else set()
    if rule.valid_to and on > rule.valid_to:
        if not applies:
            return None, None
        # Ended in the data, but only a newer programme version may lift it: the estimate keeps
        # the restriction and the decision waits for a check (facts.md §1.3, "option to extend").
        template = (_("The special rule for nationals of %(nationality)s with less than %(months)s months of stay "
                      "ended on %(until)s in this programme version; it could be extended. Until a newer version "
                      "says otherwise the estimate keeps its restriction: check whether it still applies.")
                    if rule.may_be_extended else
                    _("The special rule for nationals of %(nationality)s with less than %(months)s months of stay "
                      "ended on %(until)s in this programme version. Until a newer version says otherwise the "
                      "estimate keeps its restriction: check whether it still applies."))
        return Reason(code, NEEDS_CHECKING, template, {**params, "until": rule.valid_to}, flagged, title), restriction
    if not applies:
        return Reason(code, ELIGIBLE,
                      _("Nationals of %(nationality)s with at least %(months)s months of stay: the regular rules "
                        "apply."), params, flagged, title), None
    if rule.effect == "not_eligible":
        return Reason(code, NOT_ELIGIBLE,
                      _("Special rule: nationals of %(nationality)s with less than %(months)s months of stay are "
                        "not eligible for this programme."), params, flagged, title), restriction
    return Reason(code, INFO,
                  _("Special rule: nationals of %(nationality)s with less than %(months)s months of stay receive "
                    "only: %(components)s."),
                  {**params, "components": list(rule.components)}, flagged, title), restriction


def decide(reasons) -> str:
    effects = {reason.effect for reason in reasons}
    if NOT_ELIGIBLE in effects:
        return NOT_ELIGIBLE
    if NEEDS_CHECKING in effects:
        return NEEDS_CHECKING
    return ELIGIBLE


def evaluate(inp: EligibilityInput, prog: ProgrammeRules, on: date, base_results=None) -> ProgrammeResult:
    """The result of one programme version for the input on the day `on`."""
    reasons = _base_reasons(inp, prog, base_results or {})
    if prog.valid_to and on > prog.valid_to:
        # The newest version ended and none follows: its rules are the best estimate, not an answer.
        reasons.append(Reason("version_ended", NEEDS_CHECKING,
                              _("This programme version was valid until %(until)s and no newer version exists: "
                                "check the current rules."), {"until": prog.valid_to}))
    reasons += _nationality_reasons(inp, prog)
    reasons += _residence_reasons(inp, prog)
    reasons += _destination_reasons(inp, prog)
    only = None
    for rule in prog.rules.special_rules:
        reason, restriction = _special_rule(inp, prog, rule, on)
        if reason:
            reasons.append(reason)
        if restriction is not None:
            only = restriction if only is None else only & restriction
    if any(age is None for age in inp.ages):
        reasons.append(Reason("age_unknown", INFO, _("The age of at least one person is not known: counted as an "
                                                     "adult.")))
    lines, components = [], []
    if decide(reasons) != NOT_ELIGIBLE:
        benefit_reasons, lines, components = benefits_for(inp, prog, only)
        reasons += benefit_reasons
        if prog.rules.needs_a_benefit and not components and only is None:
            reasons.append(Reason("no_component", NOT_ELIGIBLE,
                                  _("No component of this programme applies to %(destination)s."),
                                  {"destination": inp.destination}))
            lines, components = [], []
    return ProgrammeResult(prog.programme_code, prog.programme_name, prog.version_label, decide(reasons),
                           tuple(reasons), tuple(lines), tuple(components), prog.version_id, prog.source_url,
                           prog.verified_on)


def check(inp: EligibilityInput, programmes, on: date) -> list[ProgrammeResult]:
    """Every programme version for the input, in the given order; a supplementary programme
    is judged after the programme it requires."""
    done: dict[str, ProgrammeResult] = {}
    pending = list(programmes)
    for _round in range(len(pending) + 1):
        waiting = []
        for prog in pending:
            base = prog.rules.requires_programme
            if base and base not in done and any(p.programme_code == base for p in pending):
                waiting.append(prog)
            else:
                done[prog.programme_code] = evaluate(inp, prog, on, done)
        pending = waiting
    order = [p.programme_code for p in programmes]
    return sorted(done.values(), key=lambda result: order.index(result.programme_code))


# --- Loading from the database ----------------------------------------------------------------------


def programme_rules(version) -> ProgrammeRules:
    return ProgrammeRules(
        programme_code=version.programme.code, programme_name=version.programme.name,
        version_label=version.label, rules=parse_rules(version.rules), unverified=frozenset(version.unverified),
        version_id=version.pk, source_url=version.source_url, verified_on=version.verified_on,
        valid_to=version.valid_to)


def load_programmes(on: date | None = None) -> list[ProgrammeRules]:
    """Per active programme the version valid on `on`, else its newest version that ended before
    (checked with a "needs checking" reason), so that a programme never silently disappears."""
    from apps.programmes.selectors import versions_for_check

    return [programme_rules(version) for version in versions_for_check(on)]


def check_input(inp: EligibilityInput, on: date | None = None) -> list[ProgrammeResult]:
    on = on or timezone.localdate()
    return check(inp, load_programmes(on), on)


def household_input(case, destination: str, months_of_stay: int | None, circumstances) -> EligibilityInput:
    """The check's input from the case's household: the principal's first nationality and
    residence status, every member's age."""
    from apps.clients.selectors import members_of

    members = list(members_of(case.household))
    principal = next((m.person for m in members if m.is_principal), members[0].person if members else None)
    nationalities = list(principal.nationalities) if principal else []
    return EligibilityInput(
        nationality=nationalities[0].code if nationalities else "",
        destination=destination or "",
        residence_status=principal.residence_status if principal else "unknown",
        months_of_stay=months_of_stay,
        circumstances=frozenset(circumstances or ()),
        ages=tuple(m.person.age for m in members),
    )


def check_household(case, destination, months_of_stay, circumstances, on=None) -> list[ProgrammeResult]:
    """The check for a case's household (see household_input) with the versions valid on `on`."""
    return check_input(household_input(case, destination, months_of_stay, circumstances), on)
