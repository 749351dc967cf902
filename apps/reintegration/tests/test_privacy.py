"""Reintegration as a privacy source: the person's plans, handovers and monitoring in the
export; erasure and anonymisation of whole and shared cases."""

import json
from datetime import date

import pytest
from django.utils import timezone

from apps.clients import services as client_services
from apps.clients.models import Consent
from apps.privacy.registry import ANONYMISE, ERASE, ErasureContext
from apps.reintegration import privacy, services
from apps.reintegration.models import Handover, MonitoringAnswer, MonitoringVisit, PlanGoal, ReintegrationPlan
from tests.factories import make_case, make_person


@pytest.fixture(autouse=True)
def _clock(fixed_clock):
    """Periods count back from "now": a fixed moment (conftest.FIXED_MOMENT), not the day of the run."""


@pytest.fixture
def partner(personas, orgs, iom_case):
    person = make_person(personas.counsellor, orgs.iom, "Hosseini", "Zahra")
    client_services.household_add_member(actor=personas.counsellor, household=iom_case.household, person=person,
                                         relationship="partner")
    return person


def _visit(actor, case, person, notes=""):
    visit = services.visit_plan(actor=actor, case=case, person=person, planned_for=date(2026, 6, 1),
                                months_after_return=3)
    return services.visit_record(actor=actor, visit=visit, expected_version=1, done_on=date(2026, 6, 1),
                                 channel="phone", interviewer="IOM Kabul", notes=notes,
                                 answers={"housing": "fair", "health_access": "good"})


@pytest.fixture
def world(personas, iom_case, principal, partner, full_plan, origin_consent):
    """The principal's plan (goals, activities) handed over, a goal and a visit naming the
    partner; the partner's own plan and visit."""
    actor = personas.counsellor
    services.goal_add(actor=actor, plan=full_plan, expected_version=full_plan.version, dimension="psychosocial",
                      goal="Support Zahra in finding a women's group")
    full_plan.refresh_from_db()
    handover = services.handover_create(actor=actor, plan=full_plan, fields=["name", "plan"],
                                        expected_version=full_plan.version)
    partners_plan = services.plan_create(actor=actor, case=iom_case, person=partner, partner_in_origin="UNHCR")
    services.goal_add(actor=actor, plan=partners_plan, expected_version=partners_plan.version, dimension="economic",
                      goal="Zahra's own bakery")
    return {"plan": full_plan, "handover": handover, "partners_plan": partners_plan,
            "visit": _visit(actor, iom_case, principal, notes="Zahra is doing well too"),
            "partners_visit": _visit(actor, iom_case, partner, notes="Lives with her sister")}


def context(person, mode, *, whole=(), shared=(), other=(), names=()):
    return ErasureContext(person_id=person.pk, organisation_id=person.organisation_id, mode=mode,
                          names=list(names), whole_case_ids=set(whole), shared_case_ids=set(shared),
                          now=timezone.now(), other_case_ids=set(other))


def test_collect_gives_the_persons_plan_handover_and_monitoring_in_words(principal, world):
    records = privacy.collect(principal.pk)
    kinds = [record.kind for record in records]
    assert kinds.count("reintegration_plan") == 1 and kinds.count("reintegration_goal") == 3
    assert kinds.count("reintegration_activity") == 3 and kinds.count("monitoring_visit") == 1
    handover = next(record for record in records if record.kind == "handover")
    assert handover.fields["Shared fields"] == ["name", "plan (goals and activities)"]
    assert json.loads(handover.fields["Exported data (JSON)"])["name"]["given_names"] == "Mohammad"
    assert handover.fields["Partner"] == "IOM Kabul (fiktiv) (Afghanistan)"
    activity = next(record for record in records if record.kind == "reintegration_activity")
    assert activity.fields["Budget kind"] in {"in kind", "cash"}
    visit = next(record for record in records if record.kind == "monitoring_visit")
    assert visit.fields["Channel"] == "phone" and visit.fields["Done on"] == "2026-06-01"
    assert visit.fields["Composite score"] is not None and visit.fields["Level"]
    assert len(visit.fields) > 10  # the two survey answers, by their question
    text = repr([record.fields for record in records])
    assert "bakery" not in text and "Lives with her sister" not in text  # the partner's


def test_erase_on_a_shared_case_takes_the_persons_plans_and_visits_and_scrubs_the_others(iom_case, partner, world):
    ctx = context(partner, ERASE, shared={iom_case.pk}, names=["Zahra Hosseini"])
    privacy.erase(ctx)
    assert not ReintegrationPlan.objects.filter(person=partner).exists()
    assert not MonitoringVisit.objects.filter(person=partner).exists()
    assert ReintegrationPlan.objects.filter(pk=world["plan"].pk).exists()
    goals = [goal.goal for goal in PlanGoal.objects.filter(plan=world["plan"])]
    assert "Support […] in finding a women's group" in goals
    visit = MonitoringVisit.objects.get(pk=world["visit"].pk)
    assert visit.notes == "[…] is doing well too"
    assert ctx.counts["reintegration.plan.deleted"] == 1
    assert ctx.counts["reintegration.monitoring_visit.deleted"] == 1


def test_erase_removes_the_handover_that_protects_the_persons_consent(iom_case, principal, world):
    privacy.erase(context(principal, ERASE, shared={iom_case.pk}))
    assert not Handover.objects.exists()
    # What clients does after it: the consent the handover rested on can now go.
    assert Consent.objects.filter(person=principal).delete()[0] >= 1


def test_anonymise_of_a_whole_case_keeps_what_the_indicators_count(iom_case, principal, world):
    ctx = context(principal, ANONYMISE, whole={iom_case.pk})
    privacy.erase(ctx)
    plan = ReintegrationPlan.objects.get(pk=world["plan"].pk)
    assert plan.status == ReintegrationPlan.Status.HANDED_OVER and plan.partner_in_origin == ""
    assert plan.partner_contact_id is not None
    assert {goal.goal for goal in PlanGoal.objects.filter(plan__case=iom_case)} == {""}
    handover = Handover.objects.get()
    assert json.loads(handover.snapshot) == {} and handover.partner == ""
    assert handover.created_at == world["handover"].created_at  # AMIF O3 counts it
    for visit in MonitoringVisit.objects.filter(case=iom_case):
        assert visit.notes == visit.interviewer == ""
        assert visit.composite_score is not None and visit.level and visit.done_on == date(2026, 6, 1)
    assert not MonitoringAnswer.objects.exists()
    assert ctx.counts["reintegration.plan.anonymised"] == 2


def test_a_cases_retention_leaves_the_persons_plan_on_another_case(personas, orgs, iom_case, principal, world):
    other = make_case(personas.counsellor, orgs.iom, family_name="Karimi", given_names="Ali")
    client_services.household_add_member(actor=personas.counsellor, household=other.household, person=principal,
                                         relationship="other")
    elsewhere = services.plan_create(actor=personas.counsellor, case=other, person=principal)
    privacy.erase(context(principal, ERASE, whole={iom_case.pk}, other={other.pk}))
    assert not ReintegrationPlan.objects.filter(case=iom_case).exists()
    assert ReintegrationPlan.objects.filter(pk=elsewhere.pk).exists()


def test_a_returned_cases_period_starts_after_its_last_visit_held_or_planned(personas, iom_case, principal, world):
    from apps.cases.retention import _last_activity

    assert privacy.last_visits in _last_activity  # registered by the app
    assert privacy.last_visits([iom_case.pk]) == {iom_case.pk: date(2026, 6, 1)}
    services.visit_plan(actor=personas.counsellor, case=iom_case, planned_for=date(2027, 6, 1))
    assert privacy.last_visits([iom_case.pk, 999999]) == {iom_case.pk: date(2027, 6, 1)}
