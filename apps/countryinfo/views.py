"""Country information: the case tab, requests, virtual counselling, contacts and knowledge."""

from django.conf import settings
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.accounts.selectors import organisation_ids_with, organisations_with, user_has_perm
from apps.cases.pages import case_context
from apps.cases.selectors import case_for
from apps.core.pagination import CappedPaginator
from apps.core.permissions import require_perm
from apps.core.views_helpers import run_reporting, submit
from apps.countryinfo import selectors, services
from apps.countryinfo.forms import (
    AnswerForm,
    CancelForm,
    ContactFilterForm,
    ContactForm,
    KnowledgeFilterForm,
    OutcomeForm,
    RequestForm,
    ScheduleForm,
)
from apps.countryinfo.identifiers import find_identifiers

# --- The case tab ----------------------------------------------------------------------------


@require_perm("case.read")
def case_countryinfo(request, pk):
    case = case_for(request.user, pk)
    return render(request, "countryinfo/case_countryinfo.html", case_context(
        request, case, "countryinfo",
        requests=selectors.requests_of(case),
        virtual_sessions=selectors.virtual_counselling_of(case),
        contacts=selectors.contacts_for_case(case),
    ))


@require_perm("case.write")
def virtual_schedule(request, pk):
    case = case_for(request.user, pk)
    form = ScheduleForm(request.POST or None, case=case, contacts=selectors.contacts_visible_to(request.user),
                        initial={"contact": request.GET.get("contact")})
    created = []

    def schedule():
        data = form.cleaned_data
        created.append(services.virtual_counselling_schedule(
            actor=request.user, case=case, contact=data["contact"], scheduled_for=data["scheduled_for"],
            participants=data["participants"], language=data["language"],
            duration_minutes=data["duration_minutes"], interpreter_used=data["interpreter_used"],
            interpreter_name=data["interpreter_name"]))

    if submit(request, form, schedule, success=_("The virtual counselling session has been scheduled.")):
        return redirect("countryinfo:virtual_detail", pk=created[0].pk)
    return render(request, "countryinfo/virtual_schedule.html", case_context(request, case, "countryinfo", form=form))


# --- Virtual counselling ------------------------------------------------------------------------


@require_perm("case.read")
def virtual_detail(request, pk):
    virtual = selectors.virtual_counselling_for(request.user, pk)
    without_consent = selectors.participants_without_origin_consent(virtual)
    return render(request, "countryinfo/virtual_detail.html", case_context(
        request, virtual.session.case, "countryinfo", virtual=virtual, session=virtual.session,
        cancel_form=CancelForm(initial={"version": virtual.version}),
        without_consent="; ".join(str(person) for person in without_consent)))


@require_perm("case.write")
def virtual_outcome(request, pk):
    virtual = selectors.virtual_counselling_for(request.user, pk)
    form = OutcomeForm(request.POST or None, virtual=virtual)

    def save_outcome():
        services.virtual_counselling_record_outcome(actor=request.user, virtual=virtual,
                                                    expected_version=form.cleaned_data["version"],
                                                    outcome=form.cleaned_data["outcome"])

    if submit(request, form, save_outcome, success=_("The outcome has been recorded."),
              locked=virtual):
        return redirect("countryinfo:virtual_detail", pk=virtual.pk)
    return render(request, "cases/case_form.html", case_context(
        request, virtual.session.case, "countryinfo", form=form, heading=_("Outcome of the virtual counselling"),
        submit_label=_("Save outcome"), cancel_url=reverse("countryinfo:virtual_detail", args=[virtual.pk])))


@require_POST
@require_perm("case.write")
def virtual_cancel(request, pk):
    virtual = selectors.virtual_counselling_for(request.user, pk, audit=False)
    form = CancelForm(request.POST)
    run_reporting(request, lambda: services.virtual_counselling_cancel(
        actor=request.user, virtual=virtual, expected_version=form.cleaned_data["version"]),
        success=_("The virtual counselling session has been cancelled."),
        form=form, invalid=_("The form was incomplete; please try again."))
    return redirect("countryinfo:virtual_detail", pk=virtual.pk)


# --- Requests ---------------------------------------------------------------------------------


def _request_form_page(request, form, *, heading, case=None, request_obj=None):
    # The findings of a refused save are the question's field errors; the live check fills
    # the findings box while the user types.
    context = {"form": form, "heading": heading, "case": case, "request_obj": request_obj}
    if case is not None:  # a request of a case stays inside the case: header and tabs
        context = case_context(request, case, "countryinfo", form=form, heading=heading, request_obj=request_obj)
    return render(request, "countryinfo/request_form.html", context)


@require_perm("case.write")
def request_create_for_case(request, pk):
    case = case_for(request.user, pk)
    return _request_create(request, organisation=case.organisation, case=case)


def _organisation_without_case(user):
    return organisations_with(user, "case.write")[0]


def _organisation_for_check(user, organisation_pk: str) -> int:
    """The organisation whose persons' names a text without a case is checked against: the
    request's own (if the user writes there), else the one new requests without a case go to."""
    writable = organisation_ids_with(user, "case.write")
    if organisation_pk.isdigit() and int(organisation_pk) in writable:
        return int(organisation_pk)
    return _organisation_without_case(user).pk


@require_perm("case.write")
def request_create(request):
    """A request that belongs to no case (a general question of the organisation)."""
    return _request_create(request, organisation=_organisation_without_case(request.user), case=None)


def _request_create(request, *, organisation, case):
    form = RequestForm(request.POST or None, case=case, contacts=selectors.contacts_visible_to(request.user))
    created = []

    def create():
        created.append(services.request_create(actor=request.user, organisation=organisation, case=case,
                                               data=form.request_data()))

    if submit(request, form, create, success=_("The country-information request has been saved.")):
        return redirect("countryinfo:request_detail", pk=created[0].pk)
    return _request_form_page(request, form, heading=_("New country-information request"), case=case)


@require_perm("case.read")
def request_detail(request, pk):
    request_obj = selectors.request_for(request.user, pk)
    return render(request, "countryinfo/request_detail.html", {
        "request_obj": request_obj, "linked_case": selectors.request_case_link(request.user, request_obj),
        "can_write": user_has_perm(request.user, "case.write", request_obj.organisation_id),
    })


@require_perm("case.write")
def request_edit(request, pk):
    # Showing the form is a read; a save is audited by the service.
    request_obj = selectors.request_for(request.user, pk, audit=request.method == "GET")
    linked_case = selectors.request_case_link(request.user, request_obj)
    form = RequestForm(request.POST or None, instance=request_obj, case=linked_case,
                       contacts=selectors.contacts_visible_to(request.user))

    def update():
        services.request_update(actor=request.user, request=request_obj, data=form.request_data(),
                                expected_version=form.cleaned_data["version"] or 0)

    if submit(request, form, update, success=_("The country-information request has been saved."),
              locked=request_obj):
        return redirect("countryinfo:request_detail", pk=request_obj.pk)
    return _request_form_page(request, form, heading=_("Edit country-information request"), case=linked_case,
                              request_obj=request_obj)


@require_perm("case.write")
def request_answer(request, pk):
    request_obj = selectors.request_for(request.user, pk, audit=request.method == "GET")
    form = AnswerForm(request.POST or None, request_obj=request_obj)

    def answer():
        services.request_answer(actor=request.user, request=request_obj, answer=form.cleaned_data["answer"],
                                answered_on=form.cleaned_data["answered_on"],
                                expected_version=form.cleaned_data["version"])

    if submit(request, form, answer, success=_("The answer has been recorded."),
              locked=request_obj):
        return redirect("countryinfo:request_detail", pk=request_obj.pk)
    return render(request, "countryinfo/request_answer.html", {"form": form, "request_obj": request_obj})


@require_POST
@require_perm("case.write")
def identifier_check(request):
    """The findings for the text being typed (htmx partial)."""
    case_pk = request.POST.get("case", "")
    case = case_for(request.user, int(case_pk), audit=False) if case_pk.isdigit() else None
    text = request.POST.get("question") or request.POST.get("answer") or request.POST.get("text") or ""
    organisation_id = None if case else _organisation_for_check(request.user, request.POST.get("organisation", ""))
    return render(request, "countryinfo/_findings.html", {
        "findings": find_identifiers(text, case=case, organisation_id=organisation_id)})


# --- Knowledge --------------------------------------------------------------------------------


@require_perm("case.read")
def knowledge_list(request):
    form = KnowledgeFilterForm(request.GET or None)
    filters = selectors.KnowledgeFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.KnowledgeFilters(query=data["q"], country=data["country"], topic=data["topic"])
    # Anonymised by construction (identifier check), so the list read is not audited per row.
    page = CappedPaginator(selectors.knowledge(request.user, filters), settings.CASE_LIST_PAGE_SIZE,
                           cap=settings.CASE_LIST_COUNT_CAP).get_page(request.GET.get("page"))
    template = "countryinfo/_knowledge_results.html" if request.htmx else "countryinfo/knowledge_list.html"
    return render(request, template, {
        "form": form, "page": page, "can_write": user_has_perm(request.user, "case.write"),
    })


# --- Contacts ---------------------------------------------------------------------------------


def _contact_list(request, contacts, *, manage: bool):
    form = ContactFilterForm(request.GET or None)
    filters = selectors.ContactFilters()
    if form.is_valid():
        filters = selectors.ContactFilters(**form.cleaned_data)
    page = CappedPaginator(selectors.filter_contacts(contacts, filters), settings.CASE_LIST_PAGE_SIZE,
                           cap=settings.CASE_LIST_COUNT_CAP).get_page(request.GET.get("page"))
    return render(request, "countryinfo/contact_list.html", {
        "form": form, "page": page, "manage": manage,
        "can_manage": user_has_perm(request.user, "directory.manage"),
    })


@require_perm("case.read")
def contact_list(request):
    return _contact_list(request, selectors.contacts_visible_to(request.user), manage=False)


@require_perm("directory.manage")
def contact_manage(request):
    """The directory as its maintainers see it, inactive contacts included."""
    return _contact_list(request, selectors.contacts_managed_by(request.user), manage=True)


@require_perm("case.read")
def contact_detail(request, pk):
    contact = selectors.contact_for(request.user, pk)
    return render(request, "countryinfo/contact_detail.html", {
        "contact": contact, "can_manage": user_has_perm(request.user, "directory.manage"),
    })


@require_perm("directory.manage")
def contact_create(request):
    form = ContactForm(request.POST or None)

    def create():
        services.contact_create(actor=request.user, data=form.contact_data())

    if submit(request, form, create, success=_("The contact has been added.")):
        return redirect("countryinfo:contact_manage")
    return render(request, "countryinfo/contact_form.html", {"form": form, "heading": _("New contact")})


@require_perm("directory.manage")
def contact_edit(request, pk):
    contact = selectors.managed_contact_for(request.user, pk)
    form = ContactForm(request.POST or None, instance=contact)

    def update():
        services.contact_update(actor=request.user, contact=contact, data=form.contact_data(),
                                expected_version=form.cleaned_data["version"] or 0)

    if submit(request, form, update, success=_("The contact has been saved."),
              locked=contact):
        return redirect("countryinfo:contact_manage")
    return render(request, "countryinfo/contact_form.html", {
        "form": form, "heading": _("Edit contact"), "contact": contact})
