"""Tasks of a case."""

from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.accounts.selectors import colleagues_of
from apps.cases import selectors, services
from apps.cases.forms import TaskForm
from apps.cases.pages import case_context
from apps.core.permissions import require_perm
from apps.core.views_helpers import submit


def _render_tasks(request, case, form):
    return render(request, "cases/case_tasks.html", case_context(
        request, case, "tasks", tasks=selectors.tasks_of(case), form=form))


def _task_form(request, case, data=None):
    return TaskForm(data, assignees=colleagues_of(request.user, case.organisation_id),
                    initial={"assignee": request.user.pk})


@require_perm("case.read")
def task_list(request, pk):
    case = selectors.case_for(request.user, pk)
    return _render_tasks(request, case, _task_form(request, case))


@require_POST
@require_perm("case.write")
def task_create(request, pk):
    case = selectors.case_for(request.user, pk, audit=False)
    form = _task_form(request, case, request.POST)
    if submit(request, form, lambda: services.task_create(actor=request.user, case=case, **form.cleaned_data),
              success=_("The task has been added.")):
        return redirect("cases:tasks", pk=case.pk)
    return _render_tasks(request, case, form)


@require_POST
@require_perm("case.write")
def task_toggle(request, pk):
    task = selectors.task_for(request.user, pk)
    services.task_set_done(actor=request.user, task=task, done=task.done_at is None)
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return redirect(target)
    return redirect("cases:tasks", pk=task.case_id)
