from apps.audit.models import AuditEntry
from apps.tours import services
from apps.tours.models import TourPlan
from apps.tours.tests.conftest import MONDAY, plan, planning  # noqa: F401 (fixtures)


def test_list_shows_own_plans_only_and_is_audited(api_as, personas, orgs, plan):  # noqa: F811
    TourPlan.objects.create(organisation=orgs.diakonie, start=MONDAY, created_by=personas.coordinator)
    body = api_as(personas.team_lead).get("/tour-plans").json()
    assert [item["id"] for item in body["items"]] == [plan.pk]
    assert AuditEntry.objects.filter(action="tourplan.list_viewed").exists()
    assert api_as(personas.counsellor).get("/tour-plans").status_code == 403


def test_solve_and_read_a_plan(api_as, personas, plan, django_capture_on_commit_callbacks):  # noqa: F811
    from apps.jobs.testing import run_jobs

    client = api_as(personas.team_lead)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/tour-plans/{plan.pk}/solve", {"time_limit": 5})
    # Accepted and queued: the solver runs in a background job, not in the request.
    assert response.status_code == 202, response.content
    assert response.json()["solve_state"] == "queued" and not response.json()["entries"]
    run_jobs()
    body = client.get(f"/tour-plans/{plan.pk}").json()
    assert body["solve_state"] == "done"
    assert body["status"] == "solved" and body["entries"]
    assert set(body["entries"][0]) >= {"date", "counsellor", "location", "district", "pinned"}
    assert body["figures"]["districts_covered"] == 2 and body["greedy_figures"]["method"] == "greedy"


def test_outsiders_cannot_read_or_solve(api_as, personas, orgs, plan):  # noqa: F811
    assert api_as(personas.counsellor).get(f"/tour-plans/{plan.pk}").status_code == 403
    assert api_as(personas.counsellor).post(f"/tour-plans/{plan.pk}/solve", {}).status_code == 403
    foreign = TourPlan.objects.create(organisation=orgs.diakonie, start=MONDAY, created_by=personas.coordinator)
    assert api_as(personas.team_lead).post(f"/tour-plans/{foreign.pk}/solve", {}).status_code == 404


def test_an_accepted_plan_cannot_be_solved_again(api_as, personas, plan):  # noqa: F811
    services.plan_accept(actor=personas.team_lead, plan=services.plan_solve(
        actor=personas.team_lead, plan=plan, time_limit=5))
    response = api_as(personas.team_lead).post(f"/tour-plans/{plan.pk}/solve", {"time_limit": 1})
    assert response.status_code == 422


def test_time_limit_is_bounded(api_as, personas, plan):  # noqa: F811
    assert api_as(personas.team_lead).post(f"/tour-plans/{plan.pk}/solve", {"time_limit": 600}).status_code == 422
