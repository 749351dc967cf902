"""Reintegration plans and monitoring visits as the API shows and accepts them."""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from ninja import Schema
from pydantic import Field

from apps.api.schemas.common import Code, Id, InputSchema, SaneDate, all_of, attribute, named_enum, text
from apps.reintegration.models import Dimension, MonitoringVisit, PlanActivity, ReintegrationPlan
from apps.reintegration.selectors import hides_psychosocial


class ActivityOut(Schema):
    id: int
    activity: str
    responsible: str
    due: date | None
    due_precision: PlanActivity.DuePrecision
    budget_amount: Decimal
    budget_kind: PlanActivity.BudgetKind
    funding_source: str
    status: named_enum(PlanActivity.Status, "PlanActivityStatus")


class GoalOut(Schema):
    id: int
    dimension: Dimension
    goal: str
    activities: list[ActivityOut]

    resolve_activities = all_of("activities")


class BudgetOut(Schema):
    by_dimension: dict[str, dict[str, Decimal]]
    totals: dict[str, Decimal]


class PlanOut(Schema):
    id: int
    case_id: int
    person_id: int
    partner_in_origin: str
    partner_contact_id: int | None
    status: named_enum(ReintegrationPlan.Status, "ReintegrationPlanStatus")
    version: int
    created_at: datetime


class PlanDetailOut(PlanOut):
    """A plan with goals and budget; the router attaches `goal_list` and `budget_summary`."""

    goals: list[GoalOut]
    budget: BudgetOut

    @staticmethod
    def resolve_goals(obj) -> list:
        return obj.goal_list

    @staticmethod
    def resolve_budget(obj) -> dict:
        return obj.budget_summary


class ActivityIn(InputSchema):
    activity: text(5000, required=True)
    responsible: text(200) = ""
    due: SaneDate | None = None
    due_precision: PlanActivity.DuePrecision = PlanActivity.DuePrecision.MONTH
    budget_amount: Annotated[Decimal, Field(ge=0, max_digits=10, decimal_places=2)] = Decimal(0)
    budget_kind: PlanActivity.BudgetKind = PlanActivity.BudgetKind.IN_KIND
    funding_source: text(200) = ""


class GoalIn(InputSchema):
    dimension: Dimension
    goal: text(5000, required=True)
    activities: Annotated[list[ActivityIn], Field(max_length=30)] = []


class PlanCreateIn(InputSchema):
    person_id: Id | None = Field(None, description="A member of the case's household; default the principal.")
    partner_in_origin: text(200) = ""
    partner_contact_id: Id | None = None
    goals: Annotated[list[GoalIn], Field(max_length=30)] = []


class VisitOut(Schema):
    id: int
    case_id: int
    person_id: int
    survey_id: int
    months_after_return: int | None
    planned_for: date
    done_on: date | None
    channel: str
    interviewer: str
    economic_score: float | None
    social_score: float | None
    psychosocial_score: float | None
    composite_score: float | None
    level: str
    scores_unverified: bool
    version: int

    resolve_scores_unverified = attribute("survey.unverified")

    @staticmethod
    def resolve_psychosocial_score(obj, context) -> float | None:
        return None if hides_psychosocial(context["request"].auth, obj.case.organisation_id) else obj.psychosocial_score

    @staticmethod
    def resolve_composite_score(obj, context) -> float | None:
        return None if hides_psychosocial(context["request"].auth, obj.case.organisation_id) else obj.composite_score


class VisitCreateIn(InputSchema):
    """Either `departed_on` (plan the visits at the configured intervals) or `planned_for`
    (one visit), optionally with the answers of a visit already held."""

    departed_on: SaneDate | None = None
    planned_for: SaneDate | None = None
    person_id: Id | None = None
    done_on: SaneDate | None = None
    channel: named_enum(MonitoringVisit.Channel, "MonitoringChannel") | None = None
    interviewer: text(200) = ""
    notes: text(5000) = ""
    answers: Annotated[dict[Code, text(40)], Field(max_length=60)] = {}
    confirm_early: bool = Field(False, description="Required when `done_on` is before `planned_for`: the visit "
                                                   "really took place early (otherwise 422).")
