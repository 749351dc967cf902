"""API: reintegration plans, their PDF and monitoring visits."""

import io
from datetime import date

import pytest
from pypdf import PdfReader

from apps.audit.models import AuditEntry
from apps.reintegration import services
from apps.reintegration.models import MonitoringVisit, ReintegrationPlan

PLAN = {
    "partner_in_origin": "IOM Erbil (fiktiv)",
    "goals": [
        {"dimension": "economic", "goal": "Open a small shop", "activities": [
            {"activity": "Stock", "budget_amount": "800.00", "budget_kind": "in_kind",
             "funding_source": "REAG/GARP Starthilfe", "due": "2027-03-01"},
            {"activity": "Rent", "budget_amount": "200.00", "budget_kind": "cash"}]},
        {"dimension": "psychosocial", "goal": "Join a support group"},
    ],
}


@pytest.fixture
def api(api_as, personas):
    return api_as(personas.counsellor)


def test_create_and_read_a_plan_with_goals_and_budget(api, iom_case):
    response = api.post(f"/cases/{iom_case.pk}/reintegration-plans", PLAN)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "draft" and body["version"] == 5  # one claim per goal and activity
    assert [g["dimension"] for g in body["goals"]] == ["economic", "psychosocial"]
    assert body["budget"]["totals"] == {"in_kind": "800.00", "cash": "200.00", "total": "1000.00"}
    detail = api.get(f"/reintegration-plans/{body['id']}").json()
    assert detail["goals"][0]["activities"][0]["funding_source"] == "REAG/GARP Starthilfe"
    assert AuditEntry.objects.filter(action="reintegration_plan.viewed", object_id=str(body["id"])).exists()
    listed = api.get(f"/cases/{iom_case.pk}/reintegration-plans").json()
    assert [p["id"] for p in listed["items"]] == [body["id"]]


def test_plan_creation_is_all_or_nothing(api, iom_case):
    bad = {"goals": [{"dimension": "economic", "goal": "Shop", "activities": [{"activity": "x"}]},
                     {"dimension": "economic", "goal": "  "}]}
    response = api.post(f"/cases/{iom_case.pk}/reintegration-plans", bad)
    assert response.status_code == 422
    assert not ReintegrationPlan.objects.exists()


def test_plan_for_a_person_outside_the_household_is_422(api, iom_case, personas, orgs):
    from tests.factories import make_person

    stranger = make_person(personas.counsellor, orgs.iom, "Other")
    response = api.post(f"/cases/{iom_case.pk}/reintegration-plans", {"person_id": stranger.pk})
    assert response.status_code == 422


def test_outsiders_cannot_read_or_create(api_as, personas, iom_case):
    plan = services.plan_create(actor=personas.counsellor, case=iom_case)
    diakonie = api_as(personas.diakonie_counsellor)
    assert diakonie.get(f"/reintegration-plans/{plan.pk}").status_code == 404
    assert diakonie.get(f"/reintegration-plans/{plan.pk}/pdf").status_code == 404
    assert diakonie.post(f"/cases/{iom_case.pk}/reintegration-plans", {}).status_code == 404
    authority = api_as(personas.authority)
    assert authority.get(f"/reintegration-plans/{plan.pk}").status_code in (403, 404)
    statistics = api_as(personas.statistics)
    assert statistics.post(f"/cases/{iom_case.pk}/reintegration-plans", {}).status_code in (403, 404)


def test_plan_pdf_in_german_and_in_the_clients_language(api, iom_case, personas):
    """The principal of iom_case speaks Persian (fa): labels in Persian, shaped right to left."""
    plan = services.plan_create(actor=personas.counsellor, case=iom_case, partner_in_origin="IOM Kabul (fiktiv)")
    german = api.get(f"/reintegration-plans/{plan.pk}/pdf", language="de")
    assert german.status_code == 200 and german["Content-Type"] == "application/pdf"
    assert "Reintegrationsplan" in PdfReader(io.BytesIO(german.content)).pages[0].extract_text()
    client_pdf = api.get(f"/reintegration-plans/{plan.pk}/pdf", language="client")
    text = PdfReader(io.BytesIO(client_pdf.content)).pages[0].extract_text()
    assert "برنامه ادغام مجدد" in text and "شریک در کشور مبدأ" in text
    arabic = api.get(f"/reintegration-plans/{plan.pk}/pdf", language="ar")
    assert "خطة إعادة الإدماج" in PdfReader(io.BytesIO(arabic.content)).pages[0].extract_text()
    assert api.get(f"/reintegration-plans/{plan.pk}/pdf", language="DE!").status_code == 422


def test_schedule_visits_and_list_them(api, iom_case):
    response = api.post(f"/cases/{iom_case.pk}/monitoring-visits", {"departed_on": "2026-01-10"})
    assert response.status_code == 201
    assert [v["planned_for"] for v in response.json()] == ["2026-04-10", "2026-07-10", "2027-01-10"]
    again = api.post(f"/cases/{iom_case.pk}/monitoring-visits", {"departed_on": "2026-01-10"})
    assert again.status_code == 201 and again.json() == []
    listed = api.get(f"/cases/{iom_case.pk}/monitoring-visits").json()
    assert listed["count"] == 3 and listed["items"][0]["months_after_return"] == 3


def test_record_a_held_visit_with_answers(api, iom_case):
    response = api.post(f"/cases/{iom_case.pk}/monitoring-visits", {
        "planned_for": "2026-04-10", "done_on": "2026-04-12", "channel": "video",
        "answers": {"housing": "very_good", "economic_satisfaction": "very_dissatisfied", "job_search": "dwa"}})
    assert response.status_code == 201, response.content
    visit = response.json()[0]
    assert visit["social_score"] == 1.0 and visit["economic_score"] == 0.0 and visit["composite_score"] == 0.5
    assert visit["level"] == "some" and visit["scores_unverified"] is True
    assert MonitoringVisit.objects.get().answers.count() == 3


def test_visit_input_errors_are_422(api, iom_case):
    base = f"/cases/{iom_case.pk}/monitoring-visits"
    assert api.post(base, {}).status_code == 422
    assert api.post(base, {"departed_on": "2026-01-10", "planned_for": "2026-01-10"}).status_code == 422
    assert api.post(base, {"planned_for": "2026-04-10", "done_on": "2026-04-12"}).status_code == 422
    assert api.post(base, {"planned_for": "2026-04-10", "done_on": "2026-04-12", "channel": "phone",
                           "answers": {"housing": "palace"}}).status_code == 422
    assert not MonitoringVisit.objects.exists()
    assert api.post(base, {"departed_on": "2026-01-10", "colour": "red"}).status_code == 422


def test_list_reads_are_audited_with_ids(api, iom_case, personas):
    services.visit_plan(actor=personas.counsellor, case=iom_case, planned_for=date(2026, 5, 1))
    api.get(f"/cases/{iom_case.pk}/monitoring-visits")
    entry = AuditEntry.objects.filter(action="monitoringvisit.list_viewed").get()
    assert entry.details["via"] == "api" and len(entry.details["ids"]) == 1


def test_visits_hide_the_psychosocial_scores_without_sensitive_access(api_as, personas, iom_case):
    from django.utils import timezone

    visit = services.visit_plan(actor=personas.counsellor, case=iom_case, planned_for=timezone.localdate())
    services.visit_record(actor=personas.counsellor, visit=visit, expected_version=visit.version,
                          done_on=timezone.localdate(), channel="phone", notes="Panic",
                          answers={"distress": "very_often", "housing": "good"})
    hotline = api_as(personas.hotline).get(f"/cases/{iom_case.pk}/monitoring-visits").json()["items"][0]
    assert hotline["psychosocial_score"] is None and hotline["composite_score"] is None
    assert hotline["social_score"] is not None
    counsellor = api_as(personas.counsellor).get(f"/cases/{iom_case.pk}/monitoring-visits").json()["items"][0]
    assert counsellor["psychosocial_score"] is not None
    refused = api_as(personas.hotline).post(f"/cases/{iom_case.pk}/monitoring-visits", {
        "planned_for": "2026-05-01", "done_on": "2026-05-01", "channel": "phone", "answers": {"distress": "often"}})
    assert refused.status_code == 422
