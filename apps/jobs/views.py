"""The jobs page (jobs.manage): waiting, running and failed jobs and messages, with retry."""

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core.permissions import require_perm
from apps.core.views_helpers import run_reporting
from apps.jobs import selectors, services


@require_perm("jobs.manage")
def job_list(request):
    return render(request, "jobs/job_list.html", selectors.overview(request.user))


@require_POST
@require_perm("jobs.manage")
def message_retry(request, pk):
    message = selectors.message_for(request.user, pk)
    run_reporting(request, lambda: services.message_retry(actor=request.user, message=message),
                  success=_("The message will be sent again."))
    return redirect("jobs:list")


@require_POST
@require_perm("jobs.manage")
def task_retry(request, result_id):
    result = selectors.task_result_for(request.user, str(result_id))
    run_reporting(request, lambda: services.task_retry(actor=request.user, result_id=str(result.pk)),
                  success=_("The job has been queued again."))
    return redirect("jobs:list")
