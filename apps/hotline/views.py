"""The hotline desk: the call log, the callback queue and one callback, the team lead's overview."""

from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from apps.accounts.selectors import organisation_ids_with, user_has_perm
from apps.audit.services import record
from apps.core.permissions import require_perm
from apps.core.views_helpers import run_reporting, submit
from apps.hotline import overview, selectors, services
from apps.hotline.forms import AssignForm, AttemptForm, CallbackForm, CallForm, CloseForm, QueueFilterForm
from apps.hotline.models import CallbackRequest

QUEUE_LIMIT = 200


@require_perm("hotline.take")
def desk(request):
    """Log a call (form on top, keyboard first) and see today's calls below."""
    form = CallForm(request.POST or None)
    logged = {}

    def action():
        logged["call"] = services.call_log(actor=request.user, data=form.call_data(),
                                           callback_window=form.cleaned_data["callback_window"])

    if submit(request, form, action, success=_("The call has been logged.")):
        return redirect("hotline:desk")
    # Today's calls are listed without names or numbers: no personal data is read here.
    calls = list(selectors.calls_of_day(request.user, timezone.localdate()))
    return render(request, "hotline/desk.html", {"form": form, "calls": calls})


@require_perm("hotline.take")
def call_detail(request, pk):
    call = selectors.call_for(request.user, pk)
    return render(request, "hotline/call_detail.html", {
        "call": call, "callbacks": list(call.callbacks.all()),
        "may_write_cases": user_has_perm(request.user, "case.write", call.organisation_id)})


@require_perm("hotline.take")
def callback_queue(request):
    filters = QueueFilterForm(request.GET or None)
    view = filters.cleaned_data["view"] if filters.is_valid() and filters.cleaned_data["view"] else "open"
    status = CallbackRequest.Status.CLOSED if view == "closed" else CallbackRequest.Status.OPEN
    callbacks = list(selectors.callback_queue(request.user, status=status, mine=view == "mine",
                                              overdue=view == "overdue")[:QUEUE_LIMIT])
    # The queue shows phone numbers: reading it is audited with the ids shown.
    selectors.audit_queue_read(request.user, callbacks)
    for callback in callbacks:
        callback.suggest_closing = services.suggests_closing(callback)
    return render(request, "hotline/callback_queue.html", {
        "callbacks": callbacks, "view": view, "views": QueueFilterForm.VIEWS, "limit": QUEUE_LIMIT})


@require_perm("hotline.take")
def callback_create(request):
    form = CallbackForm(request.POST or None)
    created = {}

    def action():
        created["callback"] = services.callback_create(actor=request.user, **form.cleaned_data)

    if submit(request, form, action, success=_("The callback request has been added to the queue.")):
        return redirect("hotline:callback", created["callback"].pk)
    return render(request, "hotline/callback_create.html", {"form": form})


def _callback_forms(request, callback, data=None, which=None):
    agents = selectors.agents_for(callback.organisation_id)
    if not user_has_perm(request.user, "hotline.supervise", callback.organisation_id):
        agents = agents.filter(pk=request.user.pk)
    initial = {"version": callback.version}
    return {
        # Three forms on one page: each its own ids (names stay plain).
        "attempt_form": AttemptForm(data if which == "attempt" else None, initial=initial, auto_id="attempt_%s"),
        "assign_form": AssignForm(data if which == "assign" else None, agents=agents, auto_id="assign_%s",
                                  initial={**initial, "assignee": callback.assigned_to_id}),
        "close_form": CloseForm(data if which == "close" else None, auto_id="close_%s", initial={
            **initial, "reason": (CallbackRequest.CloseReason.NOT_REACHED if services.suggests_closing(callback)
                                  else CallbackRequest.CloseReason.DONE)}),
    }


def _render_callback(request, callback, forms):
    # The page shows the phone number: every rendering is a read, audited here (also when a
    # refused form is shown again), so callers fetch the callback with audit=False.
    selectors.audit_callback_read(request.user, callback)
    return render(request, "hotline/callback_detail.html", {
        "callback": callback, "attempts": list(selectors.attempts_of(callback)),
        "suggest_closing": services.suggests_closing(callback), "attempts_before_closing":
            services.attempts_before_closing(),
        "may_write_cases": user_has_perm(request.user, "case.write", callback.organisation_id), **forms},
    )


@require_perm("hotline.take")
def callback_detail(request, pk):
    callback = selectors.callback_for(request.user, pk, audit=False)
    return _render_callback(request, callback, _callback_forms(request, callback))


ACTIONS = {
    "attempt": (lambda user, callback, data: services.callback_attempt_record(
        actor=user, callback=callback, outcome=data["outcome"], note=data["note"],
        expected_version=data["version"]), gettext_lazy("The attempt has been recorded.")),
    "assign": (lambda user, callback, data: services.callback_assign(
        actor=user, callback=callback, assignee=data["assignee"], expected_version=data["version"]),
        gettext_lazy("The assignment has been saved.")),
    "close": (lambda user, callback, data: services.callback_close(
        actor=user, callback=callback, reason=data["reason"], expected_version=data["version"]),
        gettext_lazy("The callback request has been closed.")),
}


@require_POST
@require_perm("hotline.take")
def callback_act(request, pk, which):
    """One of the callback's forms was sent: an attempt, an assignment, or closing."""
    callback = selectors.callback_for(request.user, pk, audit=False)
    forms = _callback_forms(request, callback, request.POST, which)
    form = forms[f"{which}_form"]
    write, success = ACTIONS[which]
    if submit(request, form, lambda: write(request.user, callback, form.cleaned_data), success=str(success),
              locked=callback):
        return redirect("hotline:callback", callback.pk)
    return _render_callback(request, callback, forms)


@require_POST
@require_perm("hotline.take")
def callback_take(request, pk):
    """"Assign to me" in one click from the queue."""
    callback = selectors.callback_for(request.user, pk, audit=False)
    version = request.POST.get("version", "")
    run_reporting(request, lambda: services.callback_assign(
        actor=request.user, callback=callback, assignee=request.user,
        expected_version=int(version) if version.isdigit() else -1),
        success=_("The callback request is now assigned to you."))
    return redirect("hotline:callback", callback.pk)


@require_perm("hotline.supervise")
def team_overview(request):
    figures = overview.queue_figures(request.user)
    overdue = list(overview.overdue_callbacks(request.user))
    orgs = organisation_ids_with(request.user, "hotline.supervise")
    record(request.user, "callback.overview_viewed", organisation_id=orgs[0] if orgs else None)
    return render(request, "hotline/overview.html", {
        "figures": figures, "overdue": overdue, "agents": overview.per_agent(request.user),
        "period_days": overview.PERIOD_DAYS, "now": timezone.now()})

