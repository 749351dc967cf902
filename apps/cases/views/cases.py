"""Case list, opening a case (with the duplicate check), overview, edit and status."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.accounts.selectors import (
    colleagues_of,
    offices_of,
    organisation_ids_with,
    organisations_with,
    user_has_perm,
    users_of,
)
from apps.audit.services import record
from apps.cases import selectors, services
from apps.cases.forms import AssignForm, CaseCloseForm, CaseFilterForm, CaseForm
from apps.cases.models import Case
from apps.cases.pages import case_context, case_offices
from apps.clients import selectors as client_selectors
from apps.clients import services as client_services
from apps.clients.forms import PersonForm
from apps.core.pagination import CappedPaginator
from apps.core.permissions import require_perm
from apps.core.views_helpers import apply_errors, run_reporting, submit


@require_perm("case.read")
def case_list(request):
    orgs = organisation_ids_with(request.user, "case.read")
    form = CaseFilterForm(
        request.GET or None, offices=offices_of(orgs),
        counsellors=users_of(orgs),
    )
    filters = selectors.CaseFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.CaseFilters(
            query=data["q"], status=data["status"], office=data["office"].pk if data["office"] else None,
            counsellor=data["counsellor"].pk if data["counsellor"] else None,
            nationality=data["nationality"], ordering=data["ordering"],
        )
    page = CappedPaginator(selectors.search_cases(request.user, filters), settings.CASE_LIST_PAGE_SIZE,
                           cap=settings.CASE_LIST_COUNT_CAP).get_page(request.GET.get("page"))
    record(request.user, "case.list_viewed", organisation_id=orgs[0] if orgs else None, details={
        "searched": bool(filters.query), "status": filters.status, "page": page.number,
        "ids": [case.pk for case in page.object_list],
    })
    template = "cases/_case_table.html" if request.htmx else "cases/case_list.html"
    return render(request, template, {"form": form, "page": page})


@require_perm("case.write")
def case_create(request):
    """New case: the principal's data first; possible duplicates are shown before saving."""
    organisation = organisations_with(request.user, "case.write")[0]
    offices = offices_of([organisation.pk])
    person_form = PersonForm(request.POST or None, prefix="person")
    case_form = CaseForm(request.POST or None, prefix="case", offices=offices)
    duplicates = []
    if request.method == "POST" and person_form.is_valid() and case_form.is_valid():
        data = person_form.cleaned_data
        if not request.POST.get("confirm_new"):
            duplicates = client_selectors.possible_duplicates(
                request.user, organisation_id=organisation.pk, family_name=data["family_name"],
                given_names=data["given_names"], birth_date=data["birth_date"],
            )
        if not duplicates:
            try:
                case = _open_case_for_new_person(request.user, organisation, person_form, case_form)
            except ValidationError as error:
                apply_errors(person_form, error)
            else:
                messages.success(request, _("Case %(ref)s has been opened.") % {"ref": case.reference})
                return redirect("cases:detail", pk=case.pk)
    return render(request, "cases/case_create.html", {
        "person_form": person_form, "case_form": case_form, "duplicates": duplicates,
    })


@transaction.atomic
def _open_case_for_new_person(user, organisation, person_form, case_form) -> Case:
    person = client_services.person_create(
        actor=user, organisation=organisation, data=person_form.person_data(),
        languages=person_form.languages(),
    )
    household = client_services.household_create(actor=user, principal=person)
    return _open(user, household, case_form.cleaned_data)


def _open(user, household, data) -> Case:
    return services.case_open(
        actor=user, household=household, office=data["office"],
        first_contact_source=data["first_contact_source"],
        intended_return_country=data["intended_return_country"], restricted=data["restricted"],
    )


@require_POST
@require_perm("case.write")
def case_create_for_person(request, person_pk):
    """The user recognised an existing person: open the case in that person's household."""
    person = client_selectors.person_for(request.user, person_pk)
    case_form = CaseForm(request.POST, prefix="case", offices=offices_of([person.organisation_id]))
    if not case_form.is_valid():
        # The form again with the errors at the case's fields (a redirect would lose them).
        return render(request, "cases/case_create.html", {
            "person_form": PersonForm(request.POST, prefix="person"), "case_form": case_form, "duplicates": []})
    with transaction.atomic():
        membership = person.memberships.filter(is_principal=True).select_related("household").first()
        household = membership.household if membership else client_services.household_create(
            actor=request.user, principal=person)
        case = _open(request.user, household, case_form.cleaned_data)
    messages.success(request, _("Case %(ref)s has been opened.") % {"ref": case.reference})
    return redirect("cases:detail", pk=case.pk)


@require_perm("case.read")
def case_detail(request, pk):
    case = selectors.case_for(request.user, pk)
    return render(request, "cases/case_overview.html", case_context(
        request, case, "overview",
        assigned=case.assigned_counsellors.all(),
        history=selectors.status_history(case),
        close_form=CaseCloseForm(initial={"version": case.version}),
    ))


@require_perm("case.write")
def case_edit(request, pk):
    case = selectors.case_for(request.user, pk)
    form = CaseForm(request.POST or None, instance=case, offices=case_offices(case),
                    may_lift_restriction=user_has_perm(request.user, "case.restricted.read", case.organisation_id))

    def update_case():
        services.case_update(actor=request.user, case=case, data=form.cleaned_data,
                             expected_version=form.cleaned_data["version"] or 0)

    if submit(request, form, update_case, success=_("The case has been saved."),
              locked=case):
        return redirect("cases:detail", pk=case.pk)
    return render(request, "cases/case_edit.html", case_context(
        request, case, "overview", form=form, current=selectors.case_for(request.user, case.pk, audit=False)))


@require_POST
@require_perm("case.write")
def case_transition(request, pk):
    case = selectors.case_for(request.user, pk, audit=False)
    try:
        services.case_transition(actor=request.user, case=case, to_status=request.POST.get("to_status", ""),
                                 expected_version=int(request.POST.get("version") or 0))
    except (ValidationError, ValueError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, _("Status changed to “%(status)s”.") % {"status": case.get_status_display()})
    return redirect("cases:detail", pk=case.pk)


@require_POST
@require_perm("case.write")
def case_close(request, pk):
    case = selectors.case_for(request.user, pk, audit=False)
    form = CaseCloseForm(request.POST)
    run_reporting(request, lambda: services.case_close(
        actor=request.user, case=case, outcome=form.cleaned_data["outcome"],
        expected_version=form.cleaned_data["version"]), success=_("The case has been closed."),
        form=form, invalid=_("Choose an outcome to close the case."))
    return redirect("cases:detail", pk=case.pk)


@require_perm("case.assign")
def case_assign(request, pk):
    case = selectors.case_for(request.user, pk)
    form = AssignForm(request.POST or None, colleagues=colleagues_of(request.user, case.organisation_id),
                      initial={"counsellors": case.assigned_counsellors.all()})
    def assign():
        services.case_assign(actor=request.user, case=case, counsellors=form.cleaned_data["counsellors"])

    if submit(request, form, assign, success=_("Assignment saved.")):
        return redirect("cases:detail", pk=case.pk)
    return render(request, "cases/case_form.html", case_context(
        request, case, "overview", form=form, heading=_("Assign counsellors"), submit_label=_("Save"),
        cancel_url=reverse("cases:detail", args=[case.pk])))


@require_perm("case.read")
def case_timeline(request, pk):
    case = selectors.case_for(request.user, pk)
    return render(request, "cases/case_timeline.html", case_context(
        request, case, "timeline", entries=selectors.timeline_of(request.user, case)))
