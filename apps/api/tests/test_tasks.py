"""Tasks: mine or a case's, create, change and tick off."""

import pytest

from apps.accounts.models import Membership, Role
from apps.audit.models import AuditEntry
from apps.cases.services import task_create, task_set_done
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def task(personas, iom_case):
    return task_create(actor=personas.counsellor, case=iom_case, title="Copy passport",
                       assignee=personas.counsellor)


def test_tasks_without_a_case_are_those_assigned_to_me(personas, iom_case, task, api_as):
    task_create(actor=personas.counsellor, case=iom_case, title="Someone else's", assignee=personas.team_lead)
    body = api_as(personas.counsellor).get("/tasks").json()
    assert [t["id"] for t in body["items"]] == [task.pk]


def test_tasks_of_a_case_and_the_done_filter(personas, iom_case, task, api_as):
    other = task_create(actor=personas.counsellor, case=iom_case, title="Book flight")
    task_set_done(actor=personas.counsellor, task=other)
    client = api_as(personas.team_lead)
    assert client.get("/tasks", case_id=iom_case.pk).json()["count"] == 2
    ids = lambda **params: [t["id"] for t in client.get("/tasks", **params).json()["items"]]  # noqa: E731
    assert ids(case_id=iom_case.pk, done=True) == [other.pk]
    assert ids(case_id=iom_case.pk, done=False) == [task.pk]


def test_reading_a_task(personas, task, api_as):
    body = api_as(personas.counsellor).get(f"/tasks/{task.pk}").json()
    assert (body["title"], body["assignee_id"], body["done"], body["overdue"]) == (
        "Copy passport", personas.counsellor.pk, False, False)


def test_another_organisations_tasks_are_404(personas, iom_case, task, api_as):
    client = api_as(personas.diakonie_counsellor)
    assert client.get(f"/tasks/{task.pk}").status_code == 404
    assert client.get("/tasks", case_id=iom_case.pk).status_code == 404
    assert client.get("/tasks").json()["count"] == 0
    assert client.patch(f"/tasks/{task.pk}", {"done": True}).status_code == 404
    assert client.post(f"/cases/{iom_case.pk}/tasks", {"title": "x"}).status_code == 404


def test_a_restricted_cases_tasks_are_hidden_from_unassigned_counsellors(personas, restricted_case, api_as):
    task = task_create(actor=personas.counsellor, case=restricted_case, title="Secret")
    assert api_as(personas.counsellor_speyer).get(f"/tasks/{task.pk}").status_code == 404
    assert api_as(personas.team_lead).get(f"/tasks/{task.pk}").status_code == 200


def test_creating_a_task(personas, iom_case, api_as):
    response = api_as(personas.counsellor).post(
        f"/cases/{iom_case.pk}/tasks",
        {"title": "Call the embassy", "due_date": "2030-01-31", "assignee_id": personas.counsellor_speyer.pk})
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["case_id"], body["due_date"], body["assignee_id"]) == (
        iom_case.pk, "2030-01-31", personas.counsellor_speyer.pk)
    assert AuditEntry.objects.filter(action="task.created", case_id=iom_case.pk).exists()


def test_changing_and_ticking_off_a_task(personas, task, api_as):
    client = api_as(personas.counsellor)
    body = client.patch(f"/tasks/{task.pk}", {"title": "Copy both passports", "due_date": None,
                                              "assignee_id": personas.team_lead.pk, "done": True}).json()
    assert (body["title"], body["due_date"], body["assignee_id"], body["done"]) == (
        "Copy both passports", None, personas.team_lead.pk, True)
    body = client.patch(f"/tasks/{task.pk}", {"done": False, "assignee_id": None}).json()
    assert (body["done"], body["assignee_id"]) == (False, None)
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"task.updated", "task.done", "task.reopened"} <= actions


def test_an_assignee_from_another_organisation_is_422(personas, iom_case, task, api_as):
    client = api_as(personas.counsellor)
    response = client.patch(f"/tasks/{task.pk}", {"assignee_id": personas.diakonie_counsellor.pk})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "assignee_id"]
    response = client.post(f"/cases/{iom_case.pk}/tasks", {"title": "x", "assignee_id": 2**62})
    assert response.status_code == 422


@pytest.mark.parametrize("body", [{}, {"title": ""}, {"title": "x" * 201}, {"title": ["x"]},
                                  {"title": "x", "due_date": "31.01."}, {"title": "x", "done": True}])
def test_invalid_task_input_is_422(personas, iom_case, api_as, body):
    assert api_as(personas.counsellor).post(f"/cases/{iom_case.pk}/tasks", body).status_code == 422


def test_reading_needs_case_read_and_writing_case_write(personas, orgs, iom_case, task, api_as):
    reader_role = Role.objects.create(code="reader", name="Reader", permissions=["case.read"])
    reader = UserFactory()
    Membership.objects.create(user=reader, organisation=orgs.iom, role=reader_role)
    client = api_as(reader)
    assert client.get(f"/tasks/{task.pk}").status_code == 200
    response = client.patch(f"/tasks/{task.pk}", {"done": True})
    assert response.status_code == 403
    assert "case.write" in response.json()["detail"]
    assert client.post(f"/cases/{iom_case.pk}/tasks", {"title": "x"}).status_code == 403
    assert client.patch(f"/cases/{iom_case.pk}", {"version": 1, "restricted": True}).status_code == 403
    assert client.post("/cases", {"household_id": iom_case.household_id}).status_code == 403
