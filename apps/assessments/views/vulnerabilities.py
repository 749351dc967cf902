"""The vulnerabilities tab: list, record, edit, close. Visibility is decided by the selectors."""

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from apps.assessments import selectors, services
from apps.assessments.forms import VulnerabilityCloseForm, VulnerabilityForm
from apps.audit.services import record
from apps.cases.pages import case_context
from apps.cases.selectors import case_for
from apps.clients.selectors import persons_of_household
from apps.core.permissions import require_perm
from apps.core.views_helpers import submit


@require_perm("case.read")
def case_vulnerabilities(request, pk):
    case = case_for(request.user, pk, audit=False)
    items = list(selectors.vulnerabilities_of(request.user, case))
    record(request.user, "vulnerability.list_viewed", case, details={"ids": [v.pk for v in items]})
    return render(request, "assessments/case_vulnerabilities.html", case_context(
        request, case, "vulnerabilities", vulnerabilities=items))


def _form(request, case, instance=None):
    types = selectors.vulnerability_types_for(request.user, case.organisation_id,
                                              include=instance.type if instance else None)
    return VulnerabilityForm(request.POST or None, instance=instance, types=types,
                             persons=persons_of_household(case.household_id))


def _render_form(request, case, form, heading):
    return render(request, "cases/case_form.html", case_context(
        request, case, "vulnerabilities", form=form, heading=heading, submit_label=_("Save vulnerability"),
        cancel_url=reverse("assessments:case_vulnerabilities", args=[case.pk])))


@require_perm("case.write")
def vulnerability_create(request, pk):
    case = case_for(request.user, pk)
    form = _form(request, case)

    def save():
        services.vulnerability_record(actor=request.user, case=case, data=form.vulnerability_data())

    if submit(request, form, save, success=_("The vulnerability has been recorded.")):
        return redirect("assessments:case_vulnerabilities", pk=case.pk)
    return _render_form(request, case, form, _("Record vulnerability"))


@require_perm("case.write")
def vulnerability_edit(request, pk):
    vulnerability = selectors.vulnerability_for(request.user, pk)
    case = vulnerability.case
    form = _form(request, case, vulnerability)

    def save():
        services.vulnerability_update(actor=request.user, vulnerability=vulnerability,
                                      expected_version=form.cleaned_data["version"] or 0,
                                      data=form.vulnerability_data())

    if submit(request, form, save, success=_("The vulnerability has been saved."),
              locked=vulnerability):
        return redirect("assessments:case_vulnerabilities", pk=case.pk)
    return _render_form(request, case, form, _("Edit vulnerability"))


@require_perm("case.write")
def vulnerability_close(request, pk):
    vulnerability = selectors.vulnerability_for(request.user, pk)
    case = vulnerability.case
    form = VulnerabilityCloseForm(request.POST or None, initial={"version": vulnerability.version})

    def close():
        services.vulnerability_close(actor=request.user, vulnerability=vulnerability,
                                     expected_version=form.cleaned_data["version"],
                                     closed_on=form.cleaned_data["closed_on"],
                                     closed_reason=form.cleaned_data["closed_reason"])

    if submit(request, form, close, success=_("The vulnerability has been closed."),
              locked=vulnerability):
        return redirect("assessments:case_vulnerabilities", pk=case.pk)
    return render(request, "cases/case_form.html", case_context(
        request, case, "vulnerabilities", form=form,
        heading=_("Close vulnerability: %(type)s") % {"type": vulnerability.type},
        submit_label=_("Close vulnerability"),
        cancel_url=reverse("assessments:case_vulnerabilities", args=[case.pk])))
