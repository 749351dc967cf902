"""Retention rules, the runs and their reports, and switching the daily run on."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from apps.core.permissions import require_perm
from apps.core.views_helpers import run_reporting, submit
from apps.privacy import selectors, services
from apps.privacy.forms import EnableForm, RuleForm, RunForm, VersionForm
from apps.privacy.models import RetentionRule


@require_perm("privacy.manage")
@require_GET
@never_cache
def rule_list(request):
    organisation = selectors.managed_organisation(request.user)
    # Record types of apps added since the last migrate get their default rule here.
    services.rules_ensure(actor=request.user)
    return render(request, "privacy/retention_rules.html", {"rows": selectors.rule_rows(organisation),
                                                             "organisation": organisation})


def _row_for(request, pk):
    """The rule behind <pk> (a default row, or the officer's organisation's own) as the row
    the organisation uses; another organisation's row is a 404."""
    organisation = selectors.managed_organisation(request.user)
    rule = RetentionRule.objects.filter(pk=pk).first()
    if rule is None or rule.organisation_id not in (None, organisation.pk):
        raise Http404
    return organisation, selectors.rule_row(organisation, rule.record_type)


@require_perm("privacy.manage")
@never_cache
def rule_edit(request, pk):
    organisation, row = _row_for(request, pk)
    rule = row.rule
    initial = {"version": row.version}
    if rule is not None:
        initial |= {"action": rule.action, "months": rule.months, "legal_basis": rule.legal_basis,
                    "source": rule.source, "is_active": rule.is_active}
    form = RuleForm(request.POST or None, kind=row.kind, initial=initial)

    def current_version():
        return selectors.rule_row(organisation, row.kind.code).version

    if submit(request, form, lambda: services.rule_update(
            actor=request.user, organisation=organisation, record_type=row.kind.code, data=form.rule_data(),
            version=form.cleaned_data["version"]), success=_("The rule has been saved. Confirm it once you have "
                                                             "checked it against its source."),
            current_version=current_version):
        return redirect("privacy:rules")
    return render(request, "privacy/retention_rule_form.html", {"form": form, "row": row})


@require_perm("privacy.manage")
@require_POST
def rule_confirm(request, pk):
    organisation, row = _row_for(request, pk)
    form = VersionForm(request.POST)
    run_reporting(request, lambda: services.rule_confirm(
        actor=request.user, organisation=organisation, record_type=row.kind.code,
        version=form.cleaned_data["version"]), form=form, invalid=_("Reload the page and confirm again."),
        success=_("The rule has been confirmed."))
    return redirect("privacy:rules")


@require_perm("privacy.manage")
@require_GET
@never_cache
def run_list(request):
    organisation = selectors.managed_organisation(request.user)
    return render(request, "privacy/retention_runs.html", {
        "runs": selectors.runs_visible_to(request.user).filter(organisation=organisation)[:50],
        "settings": selectors.settings_of(organisation),
        "dry_run_done": services.dry_run_done(organisation.pk),
    })


@require_perm("privacy.manage")
@require_POST
def run_request(request):
    organisation = selectors.managed_organisation(request.user)
    form = RunForm(request.POST)
    run = run_reporting(request, lambda: services.retention_run_request(
        actor=request.user, organisation=organisation, dry_run=form.cleaned_data["dry_run"]), form=form,
        invalid=_("Choose a dry run or a real run."), success=_("The run has been queued."))
    if run and run is not True:
        return redirect("privacy:run_detail", pk=run.pk)
    return redirect("privacy:runs")


@require_perm("privacy.manage")
@require_GET
@never_cache
def run_detail(request, pk):
    run = selectors.run_for(request.user, pk)
    return render(request, "privacy/retention_run_detail.html", {"run": run, "rows": selectors.report_rows(run)})


@require_perm("privacy.manage")
@require_GET
@never_cache
def run_status(request, pk):
    """The progress box (polled by htmx every 2 s while the run waits or runs); when it has
    finished, htmx reloads the page so that the whole report shows."""
    run = selectors.run_for(request.user, pk)
    response = render(request, "privacy/_retention_run_status.html", {"run": run,
                                                                      "rows": selectors.report_rows(run)})
    if getattr(request, "htmx", False) and run.status not in services.PENDING:
        response["HX-Refresh"] = "true"
    return response


@require_perm("privacy.manage")
@require_POST
def retention_enable(request):
    organisation = selectors.managed_organisation(request.user)
    form = EnableForm(request.POST)

    def said():
        return _("The daily run is switched on.") if form.cleaned_data["enabled"] else _(
            "The daily run is switched off.")

    run_reporting(request, lambda: services.retention_enable(
        actor=request.user, organisation=organisation, enabled=form.cleaned_data["enabled"],
        version=form.cleaned_data["version"]), form=form, invalid=_("Reload the page and try again."), success=said)
    return redirect("privacy:runs")
