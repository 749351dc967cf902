"""The assessment tab: the latest version, the list of versions, one version, a new version."""

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from apps.assessments import selectors, services
from apps.assessments.forms import AssessmentForm
from apps.audit.services import record
from apps.cases.pages import case_context
from apps.cases.selectors import case_for
from apps.core.permissions import require_perm
from apps.core.views_helpers import submit


@require_perm("case.read")
def case_assessment(request, pk):
    case = case_for(request.user, pk)
    versions = list(selectors.assessments_of(case))
    latest = versions[0] if versions else None
    if latest:
        record(request.user, "assessment.viewed", latest, organisation_id=case.organisation_id)
    return render(request, "assessments/case_assessment.html", case_context(
        request, case, "assessment", assessment=latest, versions=versions,
        sheet=selectors.answer_sheet(request.user, latest) if latest else []))


@require_perm("case.read")
def assessment_detail(request, pk):
    assessment = selectors.assessment_for(request.user, pk)
    case = assessment.case
    return render(request, "assessments/case_assessment.html", case_context(
        request, case, "assessment", assessment=assessment, versions=list(selectors.assessments_of(case)),
        sheet=selectors.answer_sheet(request.user, assessment), show_changes=assessment.based_on_id is not None))


@require_perm("case.write")
def assessment_create(request, pk):
    """A new version, prefilled with the answers of the latest one."""
    case = case_for(request.user, pk)
    latest = selectors.latest_assessment(case)
    initial = {"version": latest.number if latest else 0}
    if request.method != "POST" and latest is not None:
        # The empty form shows the latest version's answers: a read of them, audited as such.
        initial.update({AssessmentForm.field_name_for(code): text
                        for code, text in selectors.answers_by_code(request.user, latest).items()})
        record(request.user, "assessment.viewed", latest, organisation_id=case.organisation_id)
    form = AssessmentForm(request.POST or None, questions=selectors.questions_for(request.user, case.organisation_id),
                          initial=initial)

    def save():
        services.assessment_create(actor=request.user, case=case, answers=form.answers(),
                                   note=form.cleaned_data["note"],
                                   expected_latest_version=form.cleaned_data["version"])

    if submit(request, form, save, success=_("The assessment has been saved."),
              current_version=lambda: selectors.latest_version_number(case)):
        return redirect("assessments:case_assessment", pk=case.pk)
    return render(request, "assessments/assessment_form.html", case_context(
        request, case, "assessment", form=form, latest=latest))
