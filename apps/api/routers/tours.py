"""Tour plans: /tour-plans, /tour-plans/{id}, /tour-plans/{id}/solve (mobile.plan)."""

from django.http import HttpRequest
from ninja import Router
from ninja.pagination import paginate

from apps.api.pagination import Page
from apps.api.permissions import requires
from apps.api.routers.common import EDIT_ERRORS
from apps.api.schemas.common import ErrorOut, PathId
from apps.api.schemas.tours import SolveIn, TourPlanDetailOut, TourPlanOut
from apps.tours.selectors import plan_for, plans_visible_to
from apps.tours.services import plan_solve_request

router = Router()


@router.get("/tour-plans", response=list[TourPlanOut], summary="List tour plans")
@requires("mobile.plan")
@paginate(Page)
def list_tour_plans(request: HttpRequest):
    """Tour plans of the organisations where you plan mobile counselling (mobile.plan), newest first."""
    return plans_visible_to(request.auth)


@router.get("/tour-plans/{tour_plan_id}", response={200: TourPlanDetailOut, 404: ErrorOut}, summary="Read a tour plan")
@requires("mobile.plan")
def get_tour_plan(request: HttpRequest, tour_plan_id: PathId):
    """The plan with its entries (date, counsellor, location, district) and the key figures
    of the optimised plan and the greedy baseline."""
    return plan_for(request.auth, tour_plan_id)


@router.post("/tour-plans/{tour_plan_id}/solve", response={202: TourPlanDetailOut, **EDIT_ERRORS},
             summary="Solve a tour plan")
@requires("mobile.plan")
def solve_plan(request: HttpRequest, tour_plan_id: PathId, payload: SolveIn):
    """Queue the optimiser (CP-SAT, at most `time_limit` seconds) and the greedy baseline as a
    background job and answer at once (202) with the plan; `solve_state` goes queued → solving
    → done | failed (read the plan again), and a done solve has replaced the plan's entries.
    An accepted plan, or one already being solved, is refused (422)."""
    return 202, plan_solve_request(actor=request.auth, plan=plan_for(request.auth, tour_plan_id),
                                   time_limit=payload.time_limit)
