from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apps.audit.models import AuditEntry
from apps.mobile.models import MobileCounsellingDay
from apps.tours import services
from apps.tours.models import PlanConstraint, PlannerCounsellor, TourPlan
from apps.tours.tests.conftest import MONDAY


def test_plan_create_needs_mobile_plan_and_sane_input(personas, orgs):
    with pytest.raises(PermissionDenied):
        services.plan_create(actor=personas.counsellor, organisation=orgs.iom, start=MONDAY)
    with pytest.raises(ValidationError):
        services.plan_create(actor=personas.team_lead, organisation=orgs.iom, start=MONDAY, weeks=40)
    plan = services.plan_create(actor=personas.team_lead, organisation=orgs.iom, start=MONDAY)
    assert plan.status == TourPlan.Status.DRAFT and plan.end == date(2026, 5, 31)
    assert AuditEntry.objects.filter(action="tour_plan.created", object_id=str(plan.pk)).exists()


def test_planner_counsellors_are_created_from_counselling_members_once(orgs, personas, planning):
    created = services.ensure_planner_counsellors(orgs.iom)
    users = {c.user for c in created}
    assert {personas.counsellor, personas.counsellor_speyer} <= users
    assert personas.iom_dpo not in users
    assert PlannerCounsellor.objects.get(user=personas.counsellor).home_office == personas.trier
    assert {c.pk for c in services.ensure_planner_counsellors(orgs.iom)} == {c.pk for c in created}
    assert PlannerCounsellor.objects.count() == len(created)


def test_constraint_add_checks_period_and_shape(personas, plan, planning):
    with pytest.raises(ValidationError):
        services.constraint_add(actor=personas.team_lead, plan=plan, kind="pin", day=date(2026, 6, 1),
                                location=planning.trier)
    with pytest.raises(ValidationError):
        services.constraint_add(actor=personas.team_lead, plan=plan, kind="pin", day=MONDAY)
    rule = services.constraint_add(actor=personas.team_lead, plan=plan, kind="forbid", day=MONDAY,
                                   location=planning.trier)
    services.constraint_remove(actor=personas.team_lead, constraint=rule)
    assert not PlanConstraint.objects.exists()


def test_plan_solve_stores_entries_figures_and_honours_pins(personas, plan, planning):
    services.ensure_planner_counsellors(plan.organisation)
    speyer_counsellor = PlannerCounsellor.objects.get(user=personas.counsellor_speyer)
    pin_day = date(2026, 3, 4)
    services.constraint_add(actor=personas.team_lead, plan=plan, kind="pin", day=pin_day,
                            counsellor=speyer_counsellor, location=planning.trier)
    services.constraint_add(actor=personas.team_lead, plan=plan, kind="forbid", day=MONDAY, location=planning.trier)
    plan = services.plan_solve(actor=personas.team_lead, plan=plan, time_limit=5)
    assert plan.status == TourPlan.Status.SOLVED and plan.version == 2
    entries = list(plan.entries.all())
    assert entries
    assert any(e.date == pin_day and e.counsellor == speyer_counsellor and e.location == planning.trier and e.pinned
               for e in entries)
    assert not any(e.date == MONDAY and e.location == planning.trier for e in entries)
    assert plan.figures["districts_covered"] == 2 and plan.figures["districts_total"] == 36
    assert plan.figures["status"] == "optimal" and plan.greedy_figures["method"] == "greedy"
    assert plan.figures["months"] == ["2026-03"]
    # hotline, team lead without an office and no district of the organisation: left out, named
    assert str(personas.hotline) in plan.figures["left_out"]


def test_plan_accept_creates_the_counselling_days_and_freezes_the_plan(personas, plan):
    with pytest.raises(ValidationError):
        services.plan_accept(actor=personas.team_lead, plan=plan)  # not solved yet
    plan = services.plan_solve(actor=personas.team_lead, plan=plan, time_limit=5)
    entries = list(plan.entries.select_related("counsellor"))
    days = services.plan_accept(actor=personas.team_lead, plan=plan)
    assert len(days) == len({(e.date, e.location_id) for e in entries})
    day = MobileCounsellingDay.objects.filter(date=entries[0].date, location=entries[0].location).get()
    assert entries[0].counsellor.user in day.counsellors.all()
    assert (day.starts_at.hour, day.ends_at.hour, day.slot_minutes, day.buffer_minutes, day.is_public) == \
        (9, 15, 45, 15, True)
    assert day.slots.exists()
    plan.refresh_from_db()
    assert plan.status == TourPlan.Status.ACCEPTED
    with pytest.raises(ValidationError):
        services.plan_solve(actor=personas.team_lead, plan=plan, time_limit=1)
    with pytest.raises(ValidationError):
        services.plan_accept(actor=personas.team_lead, plan=plan)
    assert AuditEntry.objects.filter(action="tour_plan.accepted").count() == 1


def test_travel_time_matrix_setting_replaces_the_estimate(settings, tmp_path, plan):
    path = tmp_path / "matrix.csv"
    path.write_text("origin,destination,minutes\n07211,07318,200\n")
    settings.TRAVEL_TIME_MATRIX = str(path)
    problem, _left_out = services.build_problem(plan)
    trier_home = next(c for c in problem.counsellors if c.home_key == "07211")
    speyer = next(loc for loc in problem.locations if loc.district == "07318")
    assert problem.round_trip(trier_home, speyer) == 400
