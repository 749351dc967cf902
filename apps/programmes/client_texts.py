"""The words of the eligibility explanation the client takes home, in the client's language.

A client source (settings.CLIENT_MESSAGE_SOURCES): every string here and in
templates/programmes/eligibility_print.html is translated into every client language. The engine's
reasons, rule titles and sources stay staff wording (de/en, apps/programmes/results.py etc.):
the sheet maps decisions and benefit codes to these texts and tells the client to ask the
counsellor for the reasons, so no sheet mixes languages.
"""

from django.utils.translation import gettext_lazy as _

from apps.programmes.results import ELIGIBLE, NEEDS_CHECKING, NOT_ELIGIBLE

OUTCOMES = {
    ELIGIBLE: _("You may be eligible for this programme."),
    NOT_ELIGIBLE: _("You are probably not eligible for this programme."),
    NEEDS_CHECKING: _("Your counsellor still needs to check whether you are eligible."),
}

BENEFITS = {
    "travel_costs": _("Travel costs (ticket and travel to the airport)"),
    "travel_assistance": _("Travel assistance"),
    "travel_assistance_reduced": _("Reduced travel assistance"),
    "medical_costs": _("Medical costs (up to 3 months after arrival)"),
    "starthilfe": _("Start-up assistance"),
    "shp_regular": _("Second start-up assistance"),
    "shp_reduced": _("Second start-up assistance, reduced"),
    "shp_housing": _("Support for housing"),
    "shp_long_term_toleration": _("Support for housing and medical care"),
    "eurp_post_arrival": _("Support after arrival (up to 14 working days)"),
    "eurp_post_return": _("Support after return (up to 12 months)"),
}
OTHER_BENEFIT = _("Other support")


def _amount(component) -> str:
    """The amount in the client's words; costs and unknown amounts without a figure."""
    if component.needs_checking:
        return str(_("still to be checked"))
    if component.total is None:
        return str(_("costs are paid") if component.kind == "costs" else _("amount not yet known"))
    text = _("up to %(amount)s EUR") if component.up_to else _("%(amount)s EUR")
    return str(text) % {"amount": component.total}


def explanation(results) -> list[dict]:
    """One entry per programme: its name, the outcome in plain words, the benefits with amounts."""
    return [{"name": result.programme_name, "decision": result.decision,
             "outcome": str(OUTCOMES[result.decision]),
             "benefits": [{"label": str(BENEFITS.get(c.component, OTHER_BENEFIT)), "amount": _amount(c)}
                          for c in result.components] if result.decision != NOT_ELIGIBLE else [],
             "total": result.total if result.decision != NOT_ELIGIBLE and result.components else None}
            for result in results]
