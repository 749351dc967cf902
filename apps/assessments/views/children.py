"""The children tab: each child of the household, whether they were heard, and the records."""

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from apps.assessments import selectors, services
from apps.assessments.forms import ParticipationForm
from apps.audit.services import record
from apps.cases.pages import case_context
from apps.cases.selectors import case_for
from apps.clients.models import Person
from apps.core.permissions import require_perm
from apps.core.views_helpers import submit


@require_perm("case.read")
def case_children(request, pk):
    case = case_for(request.user, pk, audit=False)
    states = selectors.children_states(case)
    record(request.user, "child_participation.list_viewed", case,
           details={"ids": [r.pk for state in states for r in state.records]})
    return render(request, "assessments/case_children.html", case_context(
        request, case, "children", states=states))


def _children(case):
    return Person.objects.filter(pk__in=[child.pk for child in selectors.children_of(case)])


def _render_form(request, case, form, heading):
    return render(request, "cases/case_form.html", case_context(
        request, case, "children", form=form, heading=heading, submit_label=_("Save participation"),
        cancel_url=reverse("assessments:case_children", args=[case.pk])))


@require_perm("case.write")
def participation_create(request, pk):
    case = case_for(request.user, pk)
    children = _children(case)
    initial = {}
    requested = request.GET.get("child", "")
    if requested.isdigit() and children.filter(pk=int(requested)).exists():
        initial["child"] = int(requested)
    elif len(children) == 1:
        initial["child"] = children[0].pk
    form = ParticipationForm(request.POST or None, children=children, initial=initial)

    def save():
        services.participation_record(actor=request.user, case=case, data=form.participation_data())

    if submit(request, form, save, success=_("The child's participation has been recorded.")):
        return redirect("assessments:case_children", pk=case.pk)
    return _render_form(request, case, form, _("Record participation"))


@require_perm("case.write")
def participation_edit(request, pk):
    participation = selectors.participation_for(request.user, pk)
    case = participation.case
    form = ParticipationForm(request.POST or None, instance=participation, children=_children(case))

    def save():
        services.participation_update(actor=request.user, participation=participation,
                                      expected_version=form.cleaned_data["version"] or 0,
                                      data=form.participation_data())

    if submit(request, form, save, success=_("The child's participation has been saved."),
              locked=participation):
        return redirect("assessments:case_children", pk=case.pk)
    return _render_form(request, case, form, _("Edit participation"))
