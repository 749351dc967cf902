"""Programmes: GET /programmes (versions and their rules) and POST /eligibility (the check)."""

from django.http import HttpRequest
from ninja import Query, Router

from apps.api.permissions import signed_in
from apps.api.schemas.programmes import (
    EligibilityIn,
    ProgrammeFilters,
    ProgrammeResultOut,
    ProgrammeVersionOut,
    result_out,
)
from apps.programmes import selectors
from apps.programmes.eligibility import EligibilityInput, check_input

router = Router()


@router.get("/programmes", response=list[ProgrammeVersionOut], summary="List programme versions and their rules")
@signed_in
def list_programmes(request: HttpRequest, filters: Query[ProgrammeFilters]):
    """Every version of every programme (REAG/GARP 2.0, StarthilfePlus, EURP, …) with its rules,
    validity, sources and the rule keys flagged unverified; with `on`, only the versions valid
    that day. Reference data without personal data: any signed-in token."""
    return list(selectors.versions(filters.on).select_related("programme__requires"))


@router.post("/eligibility", response=list[ProgrammeResultOut], summary="Check eligibility for return programmes")
@signed_in
def check_eligibility(request: HttpRequest, payload: EligibilityIn):
    """For a household and destination, per programme version valid on `on` (the decision date,
    default today): the decision (eligible / not_eligible / needs_checking), one reason per rule
    that decided it (with the rule's title), and the benefits per person and in total with family
    caps applied, each amount with its source and any conflicting value another source gives.
    Unknown amounts are null, never 0. Values that no source confirms are flagged `unverified`; a
    time-limited rule past its end keeps restricting the estimate and asks for a check. Special
    circumstances (e.g. `trafficking_victim`) count only when sent in `circumstances`. The input
    is not stored and not logged; an estimate, not a decision of the programme operator."""
    inp = EligibilityInput(
        nationality=payload.nationality, destination=payload.destination,
        residence_status=str(payload.residence_status), months_of_stay=payload.months_of_stay,
        circumstances=frozenset(payload.circumstances), ages=tuple(payload.ages), entry_date=payload.entry_date)
    return [result_out(result) for result in check_input(inp, payload.on)]
