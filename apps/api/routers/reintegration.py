"""Reintegration: /cases/{id}/reintegration-plans, /reintegration-plans/{id} (and its PDF),
/cases/{id}/monitoring-visits."""

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from apps.api.pagination import Page
from apps.api.permissions import requires
from apps.api.routers.common import RECORD_ERRORS, invalid, one_in
from apps.api.schemas.common import ErrorOut, PathId
from apps.api.schemas.reintegration import PlanCreateIn, PlanDetailOut, PlanOut, VisitCreateIn, VisitOut
from apps.audit.services import record
from apps.cases.selectors import case_for
from apps.clients.selectors import persons_of_household
from apps.countryinfo.selectors import contacts_visible_to
from apps.reintegration import selectors, services
from apps.reintegration.labels import SUPPORTED, pdf_language
from apps.reintegration.pdf import plan_pdf

router = Router()


def _person(case, person_id: int | None):
    return one_in(persons_of_household(case.household_id), person_id, "person_id",
                  _("No member of the case's household has this id."))


def _detail(plan):
    plan.goal_list = selectors.goals_of(plan)
    plan.budget_summary = selectors.budget_summary(plan)
    return plan


@router.get("/cases/{case_id}/reintegration-plans", response=list[PlanOut],
            summary="List the reintegration plans of a case")
@requires("case.read")
@paginate(Page)
def list_plans(request: HttpRequest, case_id: PathId):
    """Plans of one visible case, newest first (without goals; read one plan for those)."""
    return selectors.plans_of(case_for(request.auth, case_id, audit=False))


@router.post("/cases/{case_id}/reintegration-plans", response={201: PlanDetailOut, **RECORD_ERRORS},
             summary="Create a reintegration plan")
@requires("case.write")
@transaction.atomic
def create_plan(request: HttpRequest, case_id: PathId, payload: PlanCreateIn):
    """A draft plan for a household member (default: the principal applicant), optionally
    with goals and their activities in one go; all of it, or nothing."""
    user = request.auth
    case = case_for(user, case_id, audit=False)
    contact = one_in(contacts_visible_to(user), payload.partner_contact_id, "partner_contact_id",
                     _("No active contact in a country of origin has this id."))
    plan = services.plan_create(actor=user, case=case, person=_person(case, payload.person_id),
                                partner_in_origin=payload.partner_in_origin, partner_contact=contact)
    for goal_in in payload.goals:
        goal = services.goal_add(actor=user, plan=plan, expected_version=plan.version,
                                 dimension=goal_in.dimension, goal=goal_in.goal)
        for activity_in in goal_in.activities:
            services.activity_add(actor=user, goal=goal, expected_version=plan.version,
                                  data=activity_in.model_dump())
    return Status(201, _detail(plan))


@router.get("/reintegration-plans/{plan_id}", response={200: PlanDetailOut, 404: ErrorOut},
            summary="Read a reintegration plan")
@requires("case.read")
def get_plan(request: HttpRequest, plan_id: PathId):
    """One plan with goals, activities and the budget per dimension and kind; the read is
    audited (reintegration_plan.viewed)."""
    return _detail(selectors.plan_for(request.auth, plan_id))


class PdfQuery(Schema):
    language: str = Field("de", pattern=r"^([a-z]{2,3}|client)$",
                          description=f"One of {', '.join(SUPPORTED)}, or 'client' for the person's first language.")


@router.get("/reintegration-plans/{plan_id}/pdf", response={200: None, 404: ErrorOut},
            summary="Download a reintegration plan as PDF")
@requires("case.read")
def get_plan_pdf(request: HttpRequest, plan_id: PathId, query: Query[PdfQuery]):
    """The plan as a PDF in German (default), another supported language, or the client's
    first language; right-to-left scripts are shaped. The download is audited."""
    plan = selectors.plan_for(request.auth, plan_id, audit=False)
    wanted = selectors.first_language(plan.person) if query.language == "client" else query.language
    language = pdf_language(wanted)
    record(request.auth, "reintegration_plan.pdf_downloaded", plan, organisation_id=plan.case.organisation_id,
           case_id=plan.case_id, person_id=plan.person_id, details={"language": language, "via": "api"})
    response = HttpResponse(plan_pdf(selectors.plan_data(plan, selectors.ALL_FIELDS), language),
                            content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="reintegrationsplan-{plan.pk}-{language}.pdf"'
    return response


@router.get("/cases/{case_id}/monitoring-visits", response=list[VisitOut],
            summary="List the monitoring visits of a case")
@requires("case.read")
@paginate(Page)
def list_visits(request: HttpRequest, case_id: PathId):
    """Planned and held visits after return with their scores (flagged when the survey's
    weights or values are unverified), by planned date."""
    return selectors.visits_of(case_for(request.auth, case_id, audit=False))


@router.post("/cases/{case_id}/monitoring-visits", response={201: list[VisitOut], **RECORD_ERRORS},
             summary="Plan monitoring visits")
@requires("case.write")
@transaction.atomic
def create_visits(request: HttpRequest, case_id: PathId, payload: VisitCreateIn):
    """With `departed_on`: the visits at the configured intervals after departure (already
    planned intervals are skipped). With `planned_for`: one visit, which is recorded at
    once when `done_on`, `channel` and `answers` are given. Returns the visits created."""
    user = request.auth
    case = case_for(user, case_id, audit=False)
    person = _person(case, payload.person_id)
    if (payload.departed_on is None) == (payload.planned_for is None):
        raise invalid("departed_on", _("Give either departed_on or planned_for."))
    if payload.departed_on is not None:
        return Status(201, services.schedule_monitoring(actor=user, case=case, departed_on=payload.departed_on,
                                                        person=person))
    visit = services.visit_plan(actor=user, case=case, planned_for=payload.planned_for, person=person)
    if payload.done_on is not None:
        if payload.channel is None:
            raise invalid("channel", _("Choose a channel."))
        visit = services.visit_record(actor=user, visit=visit, expected_version=visit.version,
                                      done_on=payload.done_on, channel=payload.channel,
                                      interviewer=payload.interviewer, notes=payload.notes, answers=payload.answers,
                                      confirm_early=payload.confirm_early)
    return Status(201, [visit])
