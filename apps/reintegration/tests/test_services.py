"""Services of the reintegration app: plans under optimistic locking, handover only with
consent, monitoring schedule and survey scoring."""

import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from apps.audit.models import AuditEntry
from apps.clients import services as client_services
from apps.core.errors import ConcurrentEditError
from apps.reintegration import selectors, services
from apps.reintegration.models import MonitoringVisit, PlanActivity, ReintegrationPlan, Survey
from tests.factories import make_person


def test_plan_is_made_for_the_principal_by_default_and_audited(personas, iom_case, principal):
    plan = services.plan_create(actor=personas.counsellor, case=iom_case)
    assert plan.person == principal and plan.status == ReintegrationPlan.Status.DRAFT
    assert AuditEntry.objects.filter(action="reintegration_plan.created", case_id=iom_case.pk).exists()


def test_plan_only_for_a_household_member(personas, orgs, iom_case):
    stranger = make_person(personas.counsellor, orgs.iom, "Other", "Person")
    with pytest.raises(ValidationError) as error:
        services.plan_create(actor=personas.counsellor, case=iom_case, person=stranger)
    assert "person" in error.value.error_dict


def test_plan_needs_case_write_in_the_case_organisation(personas, iom_case):
    for outsider in (personas.diakonie_counsellor, personas.statistics, personas.authority):
        with pytest.raises(PermissionDenied):
            services.plan_create(actor=outsider, case=iom_case)


def test_goal_changes_claim_the_plan_version(personas, plan):
    services.goal_add(actor=personas.counsellor, plan=plan, expected_version=1, dimension="economic", goal="Shop")
    assert ReintegrationPlan.objects.get(pk=plan.pk).version == 2
    stale = ReintegrationPlan.objects.get(pk=plan.pk)
    with pytest.raises(ConcurrentEditError):
        services.goal_add(actor=personas.counsellor, plan=stale, expected_version=1, dimension="social", goal="X")


def test_goal_needs_text_and_a_dimension(personas, plan):
    with pytest.raises(ValidationError):
        services.goal_add(actor=personas.counsellor, plan=plan, expected_version=1, dimension="economic", goal=" ")
    with pytest.raises(ValidationError):
        services.goal_add(actor=personas.counsellor, plan=plan, expected_version=1, dimension="legal", goal="x")


def test_goal_text_is_encrypted_at_rest(personas, plan):
    from django.db import connection

    services.goal_add(actor=personas.counsellor, plan=plan, expected_version=1, dimension="economic",
                      goal="Open a bakery in Herat")
    with connection.cursor() as cursor:
        cursor.execute("SELECT goal FROM reintegration_plangoal")
        stored = cursor.fetchone()[0]
    assert "bakery" not in stored


def test_activity_due_by_month_is_stored_as_the_first_of_the_month(personas, plan):
    goal = services.goal_add(actor=personas.counsellor, plan=plan, expected_version=1, dimension="economic",
                             goal="Shop")
    activity = services.activity_add(actor=personas.counsellor, goal=goal, expected_version=2, data={
        "activity": "Buy tools", "due": date(2027, 3, 17), "due_precision": "month", "budget_amount": "10"})
    assert activity.due == date(2027, 3, 1) and activity.display_due == "03/2027"


def test_activity_rejects_negative_budget_and_missing_text(personas, plan):
    goal = services.goal_add(actor=personas.counsellor, plan=plan, expected_version=1, dimension="economic",
                             goal="Shop")
    with pytest.raises(ValidationError):
        services.activity_add(actor=personas.counsellor, goal=goal, expected_version=2,
                              data={"activity": "x", "budget_amount": Decimal("-1")})
    with pytest.raises(ValidationError):
        services.activity_add(actor=personas.counsellor, goal=goal, expected_version=2, data={"activity": ""})


def test_budget_summary_per_kind_and_dimension_without_cancelled_activities(personas, full_plan):
    summary = selectors.budget_summary(full_plan)
    assert summary["by_dimension"]["economic"] == {"in_kind": Decimal("1200"), "cash": Decimal("300"),
                                                   "total": Decimal("1500")}
    assert summary["by_dimension"]["psychosocial"]["total"] == 0
    assert summary["totals"] == {"in_kind": Decimal("1200"), "cash": Decimal("450"), "total": Decimal("1650")}
    activity = PlanActivity.objects.get(goal__dimension="social")
    services.activity_update(actor=personas.counsellor, activity=activity, expected_version=full_plan.version,
                             data={"status": "cancelled"})
    assert selectors.budget_summary(full_plan)["totals"]["cash"] == Decimal("300")


def test_plan_update_cannot_set_handed_over(personas, plan):
    with pytest.raises(ValidationError):
        services.plan_update(actor=personas.counsellor, plan=plan, expected_version=1,
                             data={"status": "handed_over"})
    updated = services.plan_update(actor=personas.counsellor, plan=plan, expected_version=1,
                                   data={"status": "agreed"})
    assert updated.status == "agreed" and updated.version == 2


# --- Handover ---------------------------------------------------------------------------------

def test_handover_is_refused_without_consent(personas, full_plan):
    with pytest.raises(ValidationError) as error:
        services.handover_create(actor=personas.counsellor, plan=full_plan, fields=["name", "plan"])
    assert "No handover without consent" in str(error.value)
    assert not full_plan.handovers.exists()


def test_handover_exports_exactly_the_chosen_fields(personas, full_plan, origin_consent):
    handover = services.handover_create(actor=personas.counsellor, plan=full_plan, fields=["plan", "languages"])
    data = json.loads(handover.snapshot)
    assert set(data) == {"plan_id", "partner", "language", "fields", "languages", "goals", "budget"}
    assert "name" not in data and "birth_date" not in data and "phone" not in data
    assert "Hosseini" not in handover.snapshot
    assert data["goals"][0]["goal"] == "Open a small tailoring shop"
    assert handover.consent == origin_consent
    full_plan.refresh_from_db()
    assert full_plan.status == ReintegrationPlan.Status.HANDED_OVER
    entry = AuditEntry.objects.get(action="reintegration_plan.handed_over")
    assert entry.details["fields"] == ["languages", "plan"]


def test_handover_with_name_contains_the_name(personas, full_plan, origin_consent):
    handover = services.handover_create(actor=personas.counsellor, plan=full_plan, fields=["name"])
    assert json.loads(handover.snapshot)["name"] == {"family_name": "Hosseini", "given_names": "Mohammad"}
    assert "goals" not in json.loads(handover.snapshot)


def test_handover_rejects_unknown_fields(personas, full_plan, origin_consent):
    with pytest.raises(ValidationError):
        services.handover_create(actor=personas.counsellor, plan=full_plan, fields=["vulnerabilities"])
    with pytest.raises(ValidationError):
        services.handover_create(actor=personas.counsellor, plan=full_plan, fields=[])


def test_withdrawn_consent_ends_access_to_the_export(personas, full_plan, origin_consent):
    handover = services.handover_create(actor=personas.counsellor, plan=full_plan, fields=["plan"])
    assert selectors.handover_export(handover) is not None
    client_services.consent_withdraw(actor=personas.counsellor, consent=origin_consent)
    assert selectors.handover_export(handover) is None
    with pytest.raises(ValidationError):
        services.handover_create(actor=personas.counsellor, plan=full_plan, fields=["plan"])


# --- Monitoring -------------------------------------------------------------------------------

@pytest.mark.parametrize("day,months,expected", [
    (date(2026, 1, 31), 1, date(2026, 2, 28)), (date(2026, 11, 15), 3, date(2027, 2, 15)),
    (date(2026, 6, 30), 12, date(2027, 6, 30)), (date(2024, 2, 29), 12, date(2025, 2, 28)),
])
def test_add_months(day, months, expected):
    assert services.add_months(day, months) == expected


def test_schedule_monitoring_at_3_6_12_months_and_idempotent(personas, iom_case, principal):
    visits = services.schedule_monitoring(actor=personas.counsellor, case=iom_case, departed_on=date(2026, 1, 10))
    assert [(v.months_after_return, v.planned_for) for v in visits] == [
        (3, date(2026, 4, 10)), (6, date(2026, 7, 10)), (12, date(2027, 1, 10))]
    assert all(v.person == principal for v in visits)
    assert services.schedule_monitoring(actor=personas.counsellor, case=iom_case,
                                        departed_on=date(2026, 1, 10)) == []
    assert AuditEntry.objects.filter(action="monitoring.scheduled").count() == 2


def test_schedule_monitoring_reads_the_intervals_from_settings(personas, iom_case, settings):
    settings.REINTEGRATION_MONITORING_MONTHS = [1, 24]
    visits = services.schedule_monitoring(actor=personas.counsellor, case=iom_case, departed_on=date(2026, 1, 10))
    assert [v.months_after_return for v in visits] == [1, 24]


def test_schedule_monitoring_needs_case_write(personas, iom_case):
    with pytest.raises(PermissionDenied):
        services.schedule_monitoring(actor=personas.diakonie_counsellor, case=iom_case,
                                     departed_on=timezone.localdate())


def _answers(value_code_by_scale: dict) -> dict:
    survey = selectors.active_survey()
    answers = {}
    for dimension in survey.dimensions.all():
        for question in dimension.questions.all():
            answers[question.code] = value_code_by_scale(question)
    return answers


def _best(question):
    return max((o for o in question.scale.options if o["value"] is not None), key=lambda o: o["value"])["code"]


def _worst(question):
    return min((o for o in question.scale.options if o["value"] is not None), key=lambda o: o["value"])["code"]


def test_visit_record_computes_and_stores_scores(personas, iom_case):
    visit = services.visit_plan(actor=personas.counsellor, case=iom_case, planned_for=timezone.localdate())
    answers = _answers(_best)
    answers["job_search"] = "dwa"  # excluded from the score
    recorded = services.visit_record(actor=personas.counsellor, visit=visit, expected_version=1,
                                     done_on=timezone.localdate(), channel="phone", interviewer="IOM Kabul",
                                     notes="Doing well", answers=answers)
    assert recorded.economic_score == recorded.social_score == recorded.psychosocial_score == 1.0
    assert recorded.composite_score == 1.0 and recorded.level == MonitoringVisit.Level.HIGH
    assert recorded.answers.count() == len(answers)
    low = services.visit_record(actor=personas.counsellor, visit=recorded, expected_version=2,
                                done_on=timezone.localdate(), channel="phone", answers=_answers(_worst))
    assert low.composite_score == 0.0 and low.level == MonitoringVisit.Level.INTENSIVE
    assert low.answers.count() == len(answers)


def test_visit_record_rejects_unknown_answers_and_stale_versions(personas, iom_case):
    visit = services.visit_plan(actor=personas.counsellor, case=iom_case, planned_for=timezone.localdate())
    with pytest.raises(ValidationError):
        services.visit_record(actor=personas.counsellor, visit=visit, expected_version=1, done_on=timezone.localdate(),
                              channel="phone", answers={"housing": "splendid"})
    with pytest.raises(ValidationError):
        services.visit_record(actor=personas.counsellor, visit=visit, expected_version=1, done_on=timezone.localdate(),
                              channel="phone", answers={"no_such_question": "yes"})
    with pytest.raises(ConcurrentEditError):
        services.visit_record(actor=personas.counsellor, visit=visit, expected_version=7, done_on=timezone.localdate(),
                              channel="phone", answers={"housing": "good"})


def test_one_dimension_answered_gives_the_composite_of_that_dimension(personas, iom_case):
    visit = services.visit_plan(actor=personas.counsellor, case=iom_case, planned_for=timezone.localdate())
    recorded = services.visit_record(actor=personas.counsellor, visit=visit, expected_version=1,
                                     done_on=timezone.localdate(), channel="video",
                                     answers={"housing": "fair", "health_access": "good"})
    assert recorded.social_score == pytest.approx(0.625) and recorded.economic_score is None
    assert recorded.composite_score == pytest.approx(0.625) and recorded.level == "some"


def test_the_shipped_survey_marks_what_is_unverified(db):
    """indicators.md §1.2/§1.3: items of EVAL-NG-2021 p. 40-43 verified, candidates from memory
    unverified, equal weights unverified, linear values unverified, thresholds 0.33/0.66 [V]."""
    survey = Survey.objects.get(code="rss")
    assert survey.unverified and not survey.thresholds_unverified
    assert (survey.threshold_low, survey.threshold_high) == (0.33, 0.66)
    assert "EVAL-NG-2021" in survey.source
    dimensions = {d.code: d for d in survey.dimensions.all()}
    assert set(dimensions) == {"economic", "social", "psychosocial"}
    assert all(d.unverified and d.weight == 1.0 for d in dimensions.values())
    housing = dimensions["social"].questions.get(code="housing")
    assert not housing.unverified and not housing.scale.unverified and housing.scale.values_unverified
    assert [o["label_en"] for o in housing.scale.options] == ["Very poor", "Poor", "Fair", "Good", "Very good",
                                                              "I don't wish to answer"]
    assert dimensions["social"].questions.get(code="clean_water").scale.unverified
    assert dimensions["psychosocial"].questions.get(code="wish_to_migrate").unverified
    borrowing = dimensions["economic"].questions.get(code="borrowing_frequency")
    assert borrowing.scale.value_of("never") == 1.0 and borrowing.scale.value_of("very_often") == 0.0
    assert borrowing.scale.value_of("dwa") is None


def test_recording_psychosocial_answers_or_notes_needs_sensitive_access(personas, iom_case):
    visit = services.visit_plan(actor=personas.counsellor, case=iom_case, planned_for=timezone.localdate())
    for extra in ({"answers": {"distress": "often"}}, {"answers": {"housing": "good"}, "notes": "Depressed"}):
        with pytest.raises(ValidationError, match="sensitive data"):
            services.visit_record(actor=personas.hotline, visit=visit, expected_version=visit.version,
                                  done_on=timezone.localdate(), channel="phone", **extra)
    recorded = services.visit_record(actor=personas.hotline, visit=visit, expected_version=visit.version,
                                     done_on=timezone.localdate(), channel="phone", answers={"housing": "good"})
    assert recorded.psychosocial_score is None and recorded.social_score is not None


def test_the_handover_is_of_the_plan_version_the_user_saw(personas, full_plan, origin_consent):
    seen = full_plan.version
    goal = full_plan.goals.first()
    services.activity_add(actor=personas.counsellor, goal=goal, expected_version=seen,
                          data={"activity": "Added meanwhile", "budget_amount": "0", "budget_kind": "cash"})
    with pytest.raises(ConcurrentEditError):
        services.handover_create(actor=personas.counsellor, plan=full_plan, fields=["plan"], expected_version=seen)
    assert not full_plan.handovers.exists()
    full_plan.refresh_from_db()
    handover = services.handover_create(actor=personas.counsellor, plan=full_plan, fields=["plan"],
                                        expected_version=full_plan.version)
    assert "Added meanwhile" in handover.snapshot
    assert handover.partner == "IOM Kabul (fiktiv) (Afghanistan)" and handover.consent == origin_consent
    entry = AuditEntry.objects.get(action="reintegration_plan.handed_over")
    assert entry.details["consent_id"] == origin_consent.pk


def test_a_handed_over_plan_keeps_its_status_and_person(personas, orgs, iom_case, full_plan, origin_consent):
    services.handover_create(actor=personas.counsellor, plan=full_plan, fields=["plan"])
    full_plan.refresh_from_db()
    with pytest.raises(ValidationError, match="earlier status"):
        services.plan_update(actor=personas.counsellor, plan=full_plan, expected_version=full_plan.version,
                             data={"status": "draft"})
    other = make_person(personas.counsellor, orgs.iom, given_names="Leila")
    client_services.household_add_member(actor=personas.counsellor, household=iom_case.household, person=other,
                                         relationship="partner")
    full_plan.refresh_from_db()
    with pytest.raises(ValidationError, match="can no longer change"):
        services.plan_update(actor=personas.counsellor, plan=full_plan, expected_version=full_plan.version,
                             data={"person": other})
    full_plan.refresh_from_db()
    assert full_plan.status == ReintegrationPlan.Status.HANDED_OVER and full_plan.person != other
    updated = services.plan_update(actor=personas.counsellor, plan=full_plan, expected_version=full_plan.version,
                                   data={"partner_in_origin": "IOM Herat"})
    assert updated.partner_in_origin == "IOM Herat"


def test_responsible_and_handover_partner_are_stored_encrypted(personas, full_plan, origin_consent):
    from django.db import connection

    handover = services.handover_create(actor=personas.counsellor, plan=full_plan, fields=["plan"])
    with connection.cursor() as cursor:
        cursor.execute("SELECT partner FROM reintegration_handover WHERE id = %s", [handover.pk])
        assert cursor.fetchone()[0].startswith("fernet:")
        cursor.execute("SELECT responsible FROM reintegration_planactivity WHERE responsible <> ''")
        assert all(raw.startswith("fernet:") for (raw,) in cursor.fetchall())
    assert "IOM Kabul" in {a.responsible for a in PlanActivity.objects.all()}


def test_the_migration_encrypts_existing_responsible_values(personas, full_plan):
    import importlib
    from types import SimpleNamespace

    from django.apps import apps as django_apps
    from django.db import connection

    migration = importlib.import_module("apps.reintegration.migrations.0003_encrypt_responsible_partner")
    activity = next(a for a in PlanActivity.objects.all() if a.responsible)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE reintegration_planactivity SET responsible = 'Plain' WHERE id = %s", [activity.pk])
    editor = SimpleNamespace(connection=connection)  # the helpers use only the connection
    migration.encrypt_plaintext(django_apps, editor)
    activity.refresh_from_db()
    assert activity.responsible == "Plain"
