"""Human names for the rules of a programme version, in the active language.

The engine and the stored data speak in rule keys ("benefits.starthilfe.family_cap",
"special_rule.tr_short_stay"); people read titles. `reason_title` names the rule behind a
reason of the check, `rule_key_title` a key of a version's `unverified` list (the application
page shows these), `describe_condition` an exception or condition in words.
"""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from apps.programmes.results import BENEFIT_LABELS, LIST_LABELS
from apps.programmes.rules import CIRCUMSTANCES, Condition

RULE_TITLES = {
    "requires_programme": _("Supplementary programme"),
    "nationality": _("Nationality"),
    "destination": _("Destination country"),
    "excluded_nationality": _("Excluded nationalities"),
    "excluded_nationality_excepted": _("Excluded nationalities"),
    "excluded_nationalities": _("Excluded nationalities"),
    "qualifying_circumstance": _("Eligible groups"),
    "qualifying_circumstances": _("Eligible groups"),
    "residence_status": _("Residence status"),
    "eligible_residence_statuses": _("Residence status"),
    "statuses_needing_circumstance": _("Residence status"),
    "excluded_destination": _("Excluded destinations"),
    "excluded_destination_excepted": _("Excluded destinations"),
    "excluded_destinations": _("Excluded destinations"),
    "destination_list": _("Destination countries"),
    "destination_lists": _("Destination countries"),
    "destination_to_check": _("Destinations with special conditions"),
    "destinations_to_check": _("Destinations with special conditions"),
    "onward_migration": _("Onward migration"),
    "onward_migration_needs_checking": _("Onward migration"),
    "age_unknown": _("Age"),
    "no_component": _("Components"),
    "version_ended": _("Programme version"),
    "needs_a_benefit": _("Components"),
    "special_rule": _("Special rule"),
    "special_rules": _("Special rule"),
    "benefit": _("Benefit"),
    "benefits": _("Benefit"),
    "country_lists": _("Country list"),
}

# Shipped special rules by code; another rule shows the "title" of its data, else its code.
SPECIAL_RULE_TITLES = {
    "tr_short_stay": _("Türkei, less than 6 months' stay"),
}


def _benefit(code: str) -> str:
    return str(BENEFIT_LABELS.get(code, code))


def _list(name: str) -> str:
    return str(LIST_LABELS.get(name, name))


def reason_title(code: str, special_titles: dict | None = None) -> str:
    """The title of the rule behind a reason code: "special_rule.tr_short_stay" → "Special rule:
    Türkei …" (the rule's own title when the data gives one), "benefit.starthilfe" → the benefit."""
    head, _sep, rest = code.partition(".")
    if head == "benefit" and rest:
        return _benefit(rest)
    if head == "special_rule" and rest:
        name = (SPECIAL_RULE_TITLES.get(rest) or (special_titles or {}).get(rest) or rest.replace("_", " "))
        return gettext("Special rule: %(name)s") % {"name": name}
    return str(RULE_TITLES.get(code, RULE_TITLES.get(head, code.replace("_", " "))))


def rule_key_title(key: str, special_titles: dict | None = None) -> str:
    """The title of a rule key as listed in a version's `unverified` values."""
    parts = key.split(".")
    if parts[0] == "benefits" and len(parts) >= 2:
        if parts[2:] == ["family_cap"]:
            return gettext("%(benefit)s: family cap") % {"benefit": _benefit(parts[1])}
        return gettext("%(benefit)s: amounts") % {"benefit": _benefit(parts[1])}
    if parts[0] == "country_lists" and len(parts) >= 2:
        if len(parts) >= 3:
            return gettext("List “%(list)s”: %(country)s") % {"list": _list(parts[1]),
                                                               "country": countries.name(parts[2]) or parts[2]}
        return gettext("List “%(list)s”") % {"list": _list(parts[1])}
    if parts[0] == "special_rules" and len(parts) >= 2:
        return reason_title(f"special_rule.{parts[1]}", special_titles)
    return reason_title(key, special_titles)


def describe_condition(cond: Condition) -> str:
    """A condition (an exception to an exclusion) in words, e.g. "nationals of EU member states"."""
    parts = []
    if cond.lists:
        names = ", ".join(_list(name) for name in cond.lists)
        parts.append(gettext("nationals of %(list)s") % {"list": names} if cond.basis == "nationality"
                     else gettext("returns to %(list)s") % {"list": names})
    if cond.lists_none:
        names = ", ".join(_list(name) for name in cond.lists_none)
        parts.append(gettext("not nationals of %(list)s") % {"list": names} if cond.basis == "nationality"
                     else gettext("not returning to %(list)s") % {"list": names})
    if cond.circumstances_any:
        parts.append(" / ".join(str(CIRCUMSTANCES.get(c, c)) for c in cond.circumstances_any))
    if cond.circumstances_none:
        parts.append(gettext("without: %(circumstances)s") % {
            "circumstances": ", ".join(str(CIRCUMSTANCES.get(c, c)) for c in cond.circumstances_none)})
    return ", ".join(parts) or gettext("always")
