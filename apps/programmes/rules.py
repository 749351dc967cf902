"""The schema of `ProgrammeVersion.rules`: a programme version's rules as data.

An administrator edits the rules as JSON (programmes/versions/<pk>/edit/); `parse_rules`
turns that JSON into the frozen dataclasses below and raises a ValidationError naming every
problem by its path, so that a broken rule set is never saved. All keys are optional; an
absent key means "this programme has no such rule". The shape:

    {
      "eligible_residence_statuses": ["asylum_request", "toleration", ...],   # Person.ResidenceStatus codes
      "statuses_needing_circumstance": {"residence_permit": "residence_22_26"},
      "qualifying_circumstances": ["trafficking_victim"],   # eligible whatever the status
      "excluded_nationalities": {"list": "eu_member_states", "except": [{"circumstances_any": ["trafficking_victim"]}]},
      "excluded_destinations": {"list": "eu_member_states",            # exceptions are conditions (below);
                                "except": [{"lists": ["eu_member_states"], "basis": "nationality"}]},
                                # ("except_circumstances": [...] is short for one circumstance exception)
      "destination_lists": ["eurp_countries"],              # the destination must be in one of them
      "destinations_to_check": {"list": "suspended_destinations"},
      "onward_migration_needs_checking": true,              # destination other than the nationality
      "requires_programme": "reag_garp",                    # a supplement: the base must be eligible
      "needs_a_benefit": true,                              # not eligible when no benefit applies
      "country_lists": {"eu_member_states": ["AT", ...],
                        "starthilfe_countries": ["AF", ..., {"country": "GE", "entered_until": "2019-12-31"}]},
                        # an entry with a condition: only for persons who entered Germany up to that day
                        # (null: a cut-off exists but is not known, so the entry always needs checking);
                        # the condition counts where a list decides a benefit (`when.lists`), elsewhere
                        # (exclusions, destination lists) the entry counts as listed
      "special_rules": [{"code": "tr_short_stay", "nationalities": ["TR"], "months_of_stay_below": 6,
                         "effect": "only_components" | "not_eligible", "components": ["travel_costs", ...],
                         "valid_from": "2024-07-01", "valid_to": "2025-06-30", "may_be_extended": true,
                         "title": "Türkei: stay under 6 months"}],
      "benefits": [{"code": "starthilfe", "label": "Start-up assistance", "kind": "cash" | "in_kind" | "costs",
                    "adult_amount": 1000, "child_amount": 500, "adult_from_age": 18, "family_cap": 4000,
                    "up_to": false, "when": [{"lists": ["starthilfe_countries"], "basis": "nationality",
                                              "lists_none": [], "circumstances_any": [], "circumstances_none": []}],
                    "source": {"url": "https://…", "title": "foerderdatenbank.de"},   # of the amounts
                    "family_cap_source": {"url": "https://…", "title": "…"},
                    "conflicts": [{"field": "family_cap", "value": 3500, "source": {"url": "https://…"}}]}]
    }

Amounts are whole euros; null means "not fixed or not known": the line is shown without an
amount and left out of the total. A benefit without its own `source` falls back to the version's
source; `conflicts` names values other sources give (shown beside the value used, never hidden).
A time-limited special rule past its `valid_to` keeps restricting the estimate and makes the
decision "needs checking" until a newer version drops or extends it. `when` is a list of
alternatives (any one suffices; an empty list: always). A value a source does not confirm is named in the version's
`unverified` list by its key: "benefits.<code>" (the amounts), "benefits.<code>.family_cap",
"country_lists.<name>" or "country_lists.<name>.<country>", "special_rules.<code>", or the
top-level key; the UI flags every use of such a value.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from apps.programmes.rule_types import (  # noqa: F401 (the schema's types, imported from here by the app)
    Benefit,
    Condition,
    Conflict,
    EntryCondition,
    Rules,
    Source,
    SpecialRule,
)

RESIDENCE_STATUSES = {"asylum_request", "permission_to_reside", "toleration", "obliged_to_leave",
                      "residence_permit", "eu_citizen", "other", "unknown"}

# Special circumstances the check knows; the codes are stable (API, stored rules).
CIRCUMSTANCES = {
    "trafficking_victim": _("Victim of trafficking or forced prostitution"),
    "long_term_toleration": _("Long-term toleration (at least two years)"),
    "vulnerable": _("Vulnerable person (special needs)"),
    "residence_22_26": _("Residence title under §§ 22–26 AufenthG"),
    "medical_needs": _("Medical needs during travel or after arrival"),
    "dublin_case": _("Dublin case returning before the transfer date"),
}

BENEFIT_KINDS = {"cash", "in_kind", "costs"}
SPECIAL_EFFECTS = {"only_components", "not_eligible"}
BASES = {"nationality", "destination"}


class _Errors:
    def __init__(self):
        self.messages: list[str] = []

    def add(self, path: str, message) -> None:
        self.messages.append(f"{path}: {message}")


def _strings(value, path, errors, allowed=None) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        errors.add(path, _("expected a list of texts"))
        return ()
    if allowed is not None:
        unknown = sorted(set(value) - set(allowed))
        if unknown:
            errors.add(path, _("unknown codes: %(codes)s") % {"codes": ", ".join(unknown)})
    return tuple(value)


def _amount(value, path, errors) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        errors.add(path, _("expected a whole number of euros (0 or more) or null"))
        return None
    return value


def _date(value, path, errors) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        errors.add(path, _("expected a date like 2025-06-30"))
        return None


def _list_name(value, path, errors, lists) -> str | None:
    if value is None:
        return None
    if value not in lists:
        errors.add(path, _("no country list named “%(name)s”") % {"name": value})
    return value


def _countries(value, path, errors) -> frozenset:
    codes = _strings(value, path, errors)
    unknown = sorted(code for code in codes if code not in countries)
    if unknown:
        errors.add(path, _("unknown country codes: %(codes)s") % {"codes": ", ".join(unknown)})
    return frozenset(codes)


def _country_list(value, path, errors, name, conditions) -> frozenset:
    """A named list: country codes, or objects {"country", "entered_until"} for an entry that
    holds only for persons who entered Germany up to a day (null: cut-off not known)."""
    if not isinstance(value, list):
        errors.add(path, _("expected a list of texts"))
        return frozenset()
    codes = []
    for index, entry in enumerate(value):
        if isinstance(entry, dict):
            _unknown_keys(entry, {"country", "entered_until", "note"}, f"{path}[{index}]", errors)
            if "entered_until" not in entry:
                errors.add(f"{path}[{index}]", _("an entry with a condition needs “entered_until” (a date or null)"))
            code = entry.get("country")
            if isinstance(code, str):
                conditions[(name, code)] = EntryCondition(
                    _date(entry.get("entered_until"), f"{path}[{index}].entered_until", errors))
            codes.append(code)
        else:
            codes.append(entry)
    return _countries(codes, path, errors)


def _source(value, path, errors) -> Source | None:
    if value is None:
        return None
    if isinstance(value, str):
        return Source(url=value)
    if isinstance(value, dict) and all(isinstance(value.get(k, ""), str) for k in ("url", "title")) \
            and (value.get("url") or value.get("title")):
        _unknown_keys(value, {"url", "title"}, path, errors)
        return Source(url=value.get("url", ""), title=value.get("title", ""))
    errors.add(path, _("expected an address or an object with “url” and/or “title”"))
    return None


CONFLICT_FIELDS = ("adult_amount", "child_amount", "family_cap")


def _conflicts(value, path, errors) -> tuple[Conflict, ...]:
    if not isinstance(value, list):
        errors.add(path, _("expected a list"))
        return ()
    found = []
    for index, entry in enumerate(value):
        where = f"{path}[{index}]"
        if not isinstance(entry, dict) or entry.get("field") not in CONFLICT_FIELDS:
            errors.add(where, _("expected an object with “field” (adult_amount, child_amount or family_cap), "
                                "“value” and “source”"))
            continue
        _unknown_keys(entry, {"field", "value", "source"}, where, errors)
        found.append(Conflict(entry["field"], _amount(entry.get("value"), f"{where}.value", errors),
                              _source(entry.get("source"), f"{where}.source", errors)))
    return tuple(found)


def _condition(data, path, errors, lists) -> Condition:
    if not isinstance(data, dict):
        errors.add(path, _("expected an object"))
        return Condition()
    known = {"lists", "lists_none", "basis", "circumstances_any", "circumstances_none"}
    _unknown_keys(data, known, path, errors)
    basis = data.get("basis", "nationality")
    if basis not in BASES:
        errors.add(f"{path}.basis", _("expected “nationality” or “destination”"))
    for key in ("lists", "lists_none"):
        for name in _strings(data.get(key, []), f"{path}.{key}", errors):
            _list_name(name, f"{path}.{key}", errors, lists)
    return Condition(
        lists=tuple(data.get("lists", [])), lists_none=tuple(data.get("lists_none", [])), basis=basis,
        circumstances_any=_strings(data.get("circumstances_any", []), f"{path}.circumstances_any", errors,
                                   CIRCUMSTANCES),
        circumstances_none=_strings(data.get("circumstances_none", []), f"{path}.circumstances_none", errors,
                                    CIRCUMSTANCES),
    )


def _benefit(data, path, errors, lists) -> Benefit | None:
    if not isinstance(data, dict) or not isinstance(data.get("code"), str) or not data.get("code"):
        errors.add(path, _("expected an object with a “code”"))
        return None
    known = {"code", "kind", "label", "adult_amount", "child_amount", "adult_from_age", "family_cap",
             "up_to", "when", "source", "family_cap_source", "conflicts"}
    _unknown_keys(data, known, path, errors)
    kind = data.get("kind", "cash")
    if kind not in BENEFIT_KINDS:
        errors.add(f"{path}.kind", _("expected “cash”, “in_kind” or “costs”"))
    when = data.get("when", [])
    if not isinstance(when, list):
        errors.add(f"{path}.when", _("expected a list of conditions"))
        when = []
    adult_from_age = _amount(data.get("adult_from_age", 18), f"{path}.adult_from_age", errors)
    return Benefit(
        code=data["code"], kind=kind, label=str(data.get("label", "")),
        adult_amount=_amount(data.get("adult_amount"), f"{path}.adult_amount", errors),
        child_amount=_amount(data.get("child_amount"), f"{path}.child_amount", errors),
        adult_from_age=18 if adult_from_age is None else adult_from_age,
        family_cap=_amount(data.get("family_cap"), f"{path}.family_cap", errors),
        up_to=bool(data.get("up_to", False)),
        when=tuple(_condition(c, f"{path}.when[{i}]", errors, lists) for i, c in enumerate(when)),
        source=_source(data.get("source"), f"{path}.source", errors),
        family_cap_source=_source(data.get("family_cap_source"), f"{path}.family_cap_source", errors),
        conflicts=_conflicts(data.get("conflicts", []), f"{path}.conflicts", errors),
    )


def _special_rule(data, path, errors) -> SpecialRule | None:
    if not isinstance(data, dict) or not isinstance(data.get("code"), str):
        errors.add(path, _("expected an object with a “code”"))
        return None
    known = {"code", "nationalities", "effect", "months_of_stay_below", "components", "valid_from",
             "valid_to", "may_be_extended", "note", "title"}
    _unknown_keys(data, known, path, errors)
    effect = data.get("effect")
    if effect not in SPECIAL_EFFECTS:
        errors.add(f"{path}.effect", _("expected “only_components” or “not_eligible”"))
    return SpecialRule(
        code=data["code"], effect=effect,
        nationalities=tuple(sorted(_countries(data.get("nationalities", []), f"{path}.nationalities", errors))),
        months_of_stay_below=_amount(data.get("months_of_stay_below"), f"{path}.months_of_stay_below", errors),
        components=_strings(data.get("components", []), f"{path}.components", errors),
        valid_from=_date(data.get("valid_from"), f"{path}.valid_from", errors),
        valid_to=_date(data.get("valid_to"), f"{path}.valid_to", errors),
        may_be_extended=bool(data.get("may_be_extended", False)),
        title=str(data.get("title", "")),
    )


def _exceptions(data: dict, path: str, errors: _Errors, lists) -> tuple[Condition, ...]:
    """The exceptions to an exclusion: conditions of which any one lifts it;
    "except_circumstances" is short for one condition per circumstance."""
    found = [Condition(circumstances_any=(code,))
             for code in _strings(data.get("except_circumstances", []), f"{path}.except_circumstances", errors,
                                  CIRCUMSTANCES)]
    raw = data.get("except", [])
    if not isinstance(raw, list):
        errors.add(f"{path}.except", _("expected a list of conditions"))
        raw = []
    found += [_condition(c, f"{path}.except[{i}]", errors, lists) for i, c in enumerate(raw)]
    return tuple(found)


TOP_LEVEL_KEYS = {"eligible_residence_statuses", "statuses_needing_circumstance", "qualifying_circumstances",
                  "excluded_nationalities", "excluded_destinations", "destination_lists", "destinations_to_check",
                  "onward_migration_needs_checking", "requires_programme", "needs_a_benefit", "country_lists",
                  "special_rules", "benefits", "notes"}


def _unknown_keys(data: dict, known: set, path: str, errors: _Errors) -> None:
    for key in sorted(set(data) - known):
        errors.add(f"{path}.{key}" if path else key, _("unknown key"))


def parse_rules(data) -> Rules:
    """The rule set of a version's JSON; a ValidationError lists every problem by its path."""
    errors = _Errors()
    if not isinstance(data, dict):
        raise ValidationError(_("The rules must be a JSON object."))
    _unknown_keys(data, TOP_LEVEL_KEYS, "", errors)
    raw_lists = data.get("country_lists", {})
    if not isinstance(raw_lists, dict):
        errors.add("country_lists", _("expected an object of named country lists"))
        raw_lists = {}
    entry_conditions: dict = {}
    lists = {name: _country_list(codes, f"country_lists.{name}", errors, name, entry_conditions)
             for name, codes in raw_lists.items()}
    statuses = data.get("eligible_residence_statuses")
    if statuses is not None:
        statuses = _strings(statuses, "eligible_residence_statuses", errors, RESIDENCE_STATUSES)
    needing = data.get("statuses_needing_circumstance", {})
    if not isinstance(needing, dict) or not all(
            s in RESIDENCE_STATUSES and c in CIRCUMSTANCES for s, c in needing.items()):
        errors.add("statuses_needing_circumstance", _("expected residence status codes mapped to circumstance codes"))
        needing = {}
    excluded_nat = data.get("excluded_nationalities") or {}
    excluded_dest = data.get("excluded_destinations") or {}
    to_check = data.get("destinations_to_check") or {}
    for key, value in (("excluded_nationalities", excluded_nat), ("excluded_destinations", excluded_dest),
                       ("destinations_to_check", to_check)):
        if not isinstance(value, dict):
            errors.add(key, _("expected an object with a “list”"))
    excluded_nat, excluded_dest, to_check = (v if isinstance(v, dict) else {}
                                             for v in (excluded_nat, excluded_dest, to_check))
    for key, value in (("excluded_nationalities", excluded_nat), ("excluded_destinations", excluded_dest)):
        _unknown_keys(value, {"list", "except", "except_circumstances"}, key, errors)
    benefits = data.get("benefits", [])
    specials = data.get("special_rules", [])
    for key, value in (("benefits", benefits), ("special_rules", specials)):
        if not isinstance(value, list):
            errors.add(key, _("expected a list"))
    benefits = benefits if isinstance(benefits, list) else []
    specials = specials if isinstance(specials, list) else []
    parsed_benefits = tuple(b for i, raw in enumerate(benefits)
                            if (b := _benefit(raw, f"benefits[{i}]", errors, lists)))
    codes = [b.code for b in parsed_benefits]
    if len(codes) != len(set(codes)):
        errors.add("benefits", _("every benefit needs its own code"))
    destination_lists = _strings(data.get("destination_lists", []), "destination_lists", errors)
    for name in destination_lists:
        _list_name(name, "destination_lists", errors, lists)
    rules = Rules(
        eligible_residence_statuses=statuses,
        statuses_needing_circumstance=dict(needing),
        qualifying_circumstances=_strings(data.get("qualifying_circumstances", []), "qualifying_circumstances",
                                          errors, CIRCUMSTANCES),
        excluded_nationalities=_list_name(excluded_nat.get("list"), "excluded_nationalities.list", errors, lists),
        excluded_nationalities_except=_exceptions(excluded_nat, "excluded_nationalities", errors, lists),
        excluded_destinations=_list_name(excluded_dest.get("list"), "excluded_destinations.list", errors, lists),
        excluded_destinations_except=_exceptions(excluded_dest, "excluded_destinations", errors, lists),
        destination_lists=destination_lists,
        destinations_to_check=_list_name(to_check.get("list"), "destinations_to_check.list", errors, lists),
        onward_migration_needs_checking=bool(data.get("onward_migration_needs_checking", False)),
        requires_programme=data.get("requires_programme") or None,
        needs_a_benefit=bool(data.get("needs_a_benefit", False)),
        country_lists=lists,
        special_rules=tuple(s for i, raw in enumerate(specials)
                            if (s := _special_rule(raw, f"special_rules[{i}]", errors))),
        benefits=parsed_benefits,
        entry_conditions=entry_conditions,
    )
    if errors.messages:
        raise ValidationError(errors.messages)
    return rules


def validate_unverified(keys) -> list[str]:
    """The `unverified` list: rule keys as texts."""
    if not isinstance(keys, list) or not all(isinstance(k, str) and k for k in keys):
        raise ValidationError(_("The unverified values must be a list of rule keys (texts)."))
    return keys
