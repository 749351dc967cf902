from datetime import date

from django.urls import reverse

from apps.jobs.testing import queued_tasks, run_jobs
from apps.mobile.models import MobileCounsellingDay
from apps.tours import services
from apps.tours.models import PlanConstraint, PlannerCounsellor, TourPlan
from apps.tours.tests.conftest import MONDAY


def test_team_lead_creates_solves_and_accepts_a_plan(client, personas, planning, django_capture_on_commit_callbacks):
    client.force_login(personas.team_lead)
    page = client.get(reverse("tours:list"))
    assert "New plan" in page.content.decode() and "Create plan" in page.content.decode()
    response = client.post(reverse("tours:list"), {"start": "2026-03-02", "weeks": "4", "k": "1"})
    plan = TourPlan.objects.get()
    assert response.url == reverse("tours:detail", args=[plan.pk])
    detail = client.get(response.url).content.decode()
    assert "Solve" in detail and "Accept plan" not in detail
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("tours:solve", args=[plan.pk]), {"time_limit": "5"})
    detail = client.get(response.url).content.decode()
    assert "queued" in detail and "Accept plan" not in detail  # the request did not solve
    assert run_jobs() == 1
    detail = client.get(response.url).content.decode()
    assert "Accept plan" in detail and "© GeoBasis-DE / BKG (2021)" in detail
    assert "Greedy baseline" in detail and "Beratung Trier (fiktiv)" in detail
    assert "Trier: " in detail  # map title with the number of days
    client.post(reverse("tours:accept", args=[plan.pk]))
    plan.refresh_from_db()
    assert plan.status == TourPlan.Status.ACCEPTED and MobileCounsellingDay.objects.exists()


def test_invalid_input_keeps_the_form(client, personas, planning):
    client.force_login(personas.team_lead)
    response = client.post(reverse("tours:list"), {"start": "2026-03-02", "weeks": "99", "k": "1"})
    assert response.status_code == 200 and 'value="99"' in response.content.decode()
    assert not TourPlan.objects.exists()


def test_pins_and_forbids_are_added_and_removed(client, personas, plan, planning):
    client.force_login(personas.team_lead)
    url = reverse("tours:detail", args=[plan.pk])
    client.get(url)
    counsellor = PlannerCounsellor.objects.get(user=personas.counsellor)
    client.post(url, {"kind": "pin", "date": "2026-03-04", "counsellor": counsellor.pk,
                      "location": planning.trier.pk})
    rule = PlanConstraint.objects.get()
    assert (rule.kind, rule.date, rule.location) == ("pin", date(2026, 3, 4), planning.trier)
    response = client.post(url, {"kind": "pin", "date": "2026-09-01", "location": planning.trier.pk})
    assert "outside the planning period" in response.content.decode()
    client.post(reverse("tours:constraint_remove", args=[rule.pk]))
    assert not PlanConstraint.objects.exists()


def test_other_organisations_plans_are_not_found(client, personas, orgs):
    foreign = TourPlan.objects.create(organisation=orgs.diakonie, start=MONDAY, created_by=personas.coordinator)
    client.force_login(personas.team_lead)
    assert client.get(reverse("tours:detail", args=[foreign.pk])).status_code == 404
    assert client.post(reverse("tours:solve", args=[foreign.pk])).status_code == 404


def test_counsellor_may_not_plan(client, personas):
    client.force_login(personas.counsellor)
    assert client.get(reverse("tours:list")).status_code == 403


def test_plan_list_queries_do_not_grow_with_rows(client, personas, orgs, django_assert_max_num_queries):
    client.force_login(personas.team_lead)
    services.plan_create(actor=personas.team_lead, organisation=orgs.iom, start=MONDAY)
    client.get(reverse("tours:list"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(reverse("tours:list"))
    for _ in range(4):
        services.plan_create(actor=personas.team_lead, organisation=orgs.iom, start=MONDAY)
    with django_assert_max_num_queries(len(one)):
        assert client.get(reverse("tours:list")).content.decode().count("tours/") >= 5


def test_plan_detail_queries_do_not_grow_with_entries(client, personas, plan, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(personas.team_lead)
    plan = services.plan_solve(actor=personas.team_lead, plan=services.plan_create(
        actor=personas.team_lead, organisation=plan.organisation, start=MONDAY, weeks=1), time_limit=5)
    client.get(reverse("tours:detail", args=[plan.pk]))
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("tours:detail", args=[plan.pk]))
    big = services.plan_solve(actor=personas.team_lead, plan=services.plan_create(
        actor=personas.team_lead, organisation=plan.organisation, start=MONDAY, weeks=4), time_limit=5)
    assert big.entries.count() > plan.entries.count()
    with django_assert_max_num_queries(len(small)):
        client.get(reverse("tours:detail", args=[big.pk]))



def test_the_plan_page_follows_a_queued_solve_and_reloads_when_it_is_done(
        client, personas, plan, planning, django_capture_on_commit_callbacks):
    client.force_login(personas.team_lead)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("tours:solve", args=[plan.pk]), {"time_limit": "3"})
    assert queued_tasks("apps.tours.tasks.solve_plan").count() == 1
    status_url = reverse("tours:solve_status", args=[plan.pk])
    waiting = client.get(status_url, headers={"HX-Request": "true"})
    assert 'hx-trigger="every 2s"' in waiting.text and "HX-Refresh" not in waiting.headers
    assert reverse("tours:detail", args=[plan.pk]) in waiting.text  # a refresh link without JavaScript
    again = client.post(reverse("tours:solve", args=[plan.pk]), {"time_limit": "3"}, follow=True)
    assert "already being solved" in again.text
    run_jobs()
    done = client.get(status_url, headers={"HX-Request": "true"})
    assert done.headers["HX-Refresh"] == "true" and "hx-trigger" not in done.text
    plan.refresh_from_db()
    assert plan.solve_state == "done" and plan.entries.exists()
