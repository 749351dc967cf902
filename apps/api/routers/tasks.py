"""Tasks: /tasks (yours, or a case's), /tasks/{id}, /cases/{id}/tasks."""

from django.db import transaction
from django.http import HttpRequest
from ninja import Query, Router, Status
from ninja.pagination import paginate

from apps.accounts.selectors import ensure_perm
from apps.api.pagination import Page
from apps.api.permissions import requires
from apps.api.routers.common import RECORD_ERRORS, colleague
from apps.api.schemas.cases import TaskCreateIn, TaskListFilters, TaskOut, TaskPatchIn
from apps.api.schemas.common import ErrorOut, PathId, changed_fields
from apps.api.selectors import tasks_assigned_to
from apps.cases.models import Task
from apps.cases.selectors import case_for, task_for, tasks_of
from apps.cases.services import task_create, task_set_done, task_update

router = Router()


@router.get("/tasks", response=list[TaskOut], summary="List tasks")
@requires("case.read")
@paginate(Page)
def list_tasks(request: HttpRequest, filters: Query[TaskListFilters]):
    """Tasks of one visible case, or (without case_id) those assigned to you; open first."""
    user = request.auth
    if filters.case_id is not None:
        tasks = tasks_of(case_for(user, filters.case_id, audit=False))
    else:
        tasks = tasks_assigned_to(user)
    if filters.done is not None:
        tasks = tasks.filter(done_at__isnull=not filters.done)
    return tasks.order_by("done_at", "due_date", "id")


@router.get("/tasks/{task_id}", response={200: TaskOut, 404: ErrorOut}, summary="Read a task")
@requires("case.read")
def get_task(request: HttpRequest, task_id: PathId):
    return task_for(request.auth, task_id)


@router.post("/cases/{case_id}/tasks", response={201: TaskOut, **RECORD_ERRORS}, summary="Create a task")
@requires("case.write")
def create_task(request: HttpRequest, case_id: PathId, payload: TaskCreateIn):
    """A task in this case, optionally assigned to a member of the case's organisation."""
    case = case_for(request.auth, case_id, audit=False)
    assignee = colleague(request.auth, case.organisation_id, payload.assignee_id)
    task = task_create(actor=request.auth, case=case, title=payload.title, due_date=payload.due_date,
                       assignee=assignee)
    return Status(201, task)


@transaction.atomic
def _patch(user, task: Task, payload: TaskPatchIn) -> Task:
    organisation_id = task.case.organisation_id
    ensure_perm(user, "case.write", organisation_id)
    data = changed_fields(payload, skip=("assignee_id", "done"))
    if "assignee_id" in payload.model_fields_set:
        data["assignee"] = colleague(user, organisation_id, payload.assignee_id)
    if data:
        task = task_update(actor=user, task=task, data=data)
    if payload.done is not None and payload.done != (task.done_at is not None):
        task = task_set_done(actor=user, task=task, done=payload.done)
    return task


@router.patch("/tasks/{task_id}", response={200: TaskOut, **RECORD_ERRORS}, summary="Change a task")
@requires("case.write")
def update_task(request: HttpRequest, task_id: PathId, payload: TaskPatchIn):
    """Change title, due date, assignee (null: nobody) or done; all of it, or none."""
    return _patch(request.auth, task_for(request.auth, task_id), payload)
