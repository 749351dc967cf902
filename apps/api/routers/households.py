"""/households: who lives together, with the principal applicant first."""

from django.http import HttpRequest
from ninja import Router
from ninja.pagination import paginate

from apps.api.pagination import Page
from apps.api.permissions import requires
from apps.api.schemas.common import ErrorOut, PathId
from apps.api.schemas.persons import HouseholdOut
from apps.api.selectors import household_for, households_with_members

router = Router()


@router.get("", response=list[HouseholdOut], summary="List households")
@requires("case.read")
@paginate(Page)
def list_households(request: HttpRequest):
    """Visible households with their members."""
    return households_with_members(request.auth)


@router.get("/{household_id}", response={200: HouseholdOut, 404: ErrorOut}, summary="Read a household")
@requires("case.read")
def get_household(request: HttpRequest, household_id: PathId):
    """One household with its members; the read is audited (household.viewed)."""
    return household_for(request.auth, household_id)
