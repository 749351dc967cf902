"""Reads: scoping through the case, the client's language, plan data."""

import pytest
from django.http import Http404

from apps.audit.models import AuditEntry
from apps.reintegration import selectors, services


def test_plan_for_is_scoped_by_the_case_and_audited(personas, plan):
    assert selectors.plan_for(personas.counsellor_speyer, plan.pk) == plan
    assert AuditEntry.objects.filter(action="reintegration_plan.viewed", actor=personas.counsellor_speyer).exists()
    for outsider in (personas.diakonie_counsellor, personas.authority, personas.partner):
        with pytest.raises(Http404):
            selectors.plan_for(outsider, plan.pk)


def test_restricted_case_plans_only_for_assigned_or_restricted_readers(personas, restricted_case):
    plan = services.plan_create(actor=personas.counsellor, case=restricted_case)
    assert selectors.plan_for(personas.counsellor, plan.pk, audit=False) == plan
    with pytest.raises(Http404):
        selectors.plan_for(personas.counsellor_speyer, plan.pk, audit=False)


def test_visit_and_goal_lookups_are_scoped(personas, plan, iom_case):
    goal = services.goal_add(actor=personas.counsellor, plan=plan, expected_version=1, dimension="social", goal="x")
    visit = services.visit_plan(actor=personas.counsellor, case=iom_case, planned_for=iom_case.opened_at.date())
    assert selectors.goal_for(personas.counsellor, goal.pk) == goal
    assert selectors.visit_for(personas.counsellor, visit.pk) == visit
    with pytest.raises(Http404):
        selectors.goal_for(personas.diakonie_counsellor, goal.pk)
    with pytest.raises(Http404):
        selectors.visit_for(personas.diakonie_counsellor, visit.pk)


def test_first_language_prefers_the_native_language(principal):
    assert selectors.first_language(principal) == "fa"
    principal.languages.all().delete()
    principal.languages.create(language="de", level="basic")
    principal.languages.create(language="ps", level="native")
    assert selectors.first_language(principal) == "ps"
    principal.languages.all().delete()
    assert selectors.first_language(principal) == "de"


def test_plan_data_contains_only_the_requested_fields(full_plan):
    data = selectors.plan_data(full_plan, ["phone"])
    assert set(data) == {"plan_id", "partner", "language", "fields", "phone"}
    full = selectors.plan_data(full_plan, selectors.ALL_FIELDS)
    assert [g["dimension"] for g in full["goals"]] == ["economic", "social"]
    assert full["budget"]["totals"]["total"] == "1650.00"


def test_departure_date_is_none_without_a_departed_application(iom_case):
    assert selectors.departure_date(iom_case) is None
