"""Administration of the network-wide lists: assessment sections and questions, vulnerability types."""

from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.assessments import selectors, services
from apps.assessments.forms import QuestionForm, SectionForm, VulnerabilityTypeForm
from apps.assessments.models import AssessmentAnswer, AssessmentQuestion, AssessmentSection, VulnerabilityType
from apps.core.permissions import require_perm
from apps.core.views_helpers import run_reporting, submit


@require_perm("taxonomy.manage")
def taxonomy(request):
    answered = AssessmentAnswer.objects.filter(question_id=OuterRef("pk"))
    return render(request, "assessments/taxonomy.html", {
        "sections": selectors.sections_for_admin(),
        "questions": selectors.questions_for_admin().annotate(has_answers=Exists(answered)),
        "types": selectors.types_for_admin(),
    })


def _entry(request, pk, model, form_class, save, headings):
    """Create (no pk) or edit one list entry; `save(instance, data)` calls the service."""
    instance = get_object_or_404(model, pk=pk) if pk else None
    form = form_class(request.POST or None, instance=instance)
    if submit(request, form, lambda: save(instance, form.cleaned_data), success=_("The list entry has been saved.")):
        return redirect("assessments:taxonomy")
    return render(request, "assessments/taxonomy_form.html", {
        "form": form, "heading": headings[0] if instance else headings[1],
        "cancel_url": reverse("assessments:taxonomy")})


@require_perm("taxonomy.manage")
def section_edit(request, pk=None):
    return _entry(request, pk, AssessmentSection, SectionForm,
                  lambda section, data: services.section_save(actor=request.user, section=section, data=data),
                  (_("Edit section"), _("New section")))


@require_perm("taxonomy.manage")
def question_edit(request, pk=None):
    return _entry(request, pk, AssessmentQuestion, QuestionForm,
                  lambda question, data: services.question_save(actor=request.user, question=question, data=data),
                  (_("Edit question"), _("New question")))


@require_POST
@require_perm("taxonomy.manage")
def question_delete(request, pk):
    question = get_object_or_404(AssessmentQuestion, pk=pk)
    run_reporting(request, lambda: services.question_delete(actor=request.user, question=question),
                  success=_("The question has been deleted."))
    return redirect("assessments:taxonomy")


@require_perm("taxonomy.manage")
def vulnerability_type_edit(request, pk=None):
    return _entry(request, pk, VulnerabilityType, VulnerabilityTypeForm,
                  lambda vtype, data: services.vulnerability_type_save(actor=request.user, vulnerability_type=vtype,
                                                                       data=data),
                  (_("Edit vulnerability type"), _("New vulnerability type")))
