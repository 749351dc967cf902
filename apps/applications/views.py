"""Applications of a case: the case tab, create/edit, checklist records, transitions, travel,
the export for the OAM, the printable summary, the travel sheet and the team lead's overview."""

import json

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from apps.applications import client_texts, selectors, services
from apps.applications.forms import (
    ApplicationForm,
    DeclarationForm,
    TransitionForm,
    TravelDocumentForm,
    TravelForm,
)
from apps.applications.models import AIRPORTS, ApplicationStatus, Travel, TravelDocumentKind
from apps.audit.services import record
from apps.cases.models import DocumentType
from apps.cases.pages import case_context
from apps.cases.selectors import case_for, documents_of
from apps.clients.selectors import persons_of_household
from apps.core.client_languages import client_language, client_languages
from apps.core.permissions import require_perm
from apps.core.views_helpers import submit
from apps.programmes.titles import rule_key_title

A = ApplicationStatus
# Button labels of the transitions (English source strings; the UI shows them translated).
TRANSITION_LABELS = {
    A.DRAFT: gettext_noop("Back to draft"),
    A.READY: gettext_noop("Mark ready"),
    A.SUBMITTED: gettext_noop("Record submission"),
    A.APPROVED: gettext_noop("Record approval"),
    A.REJECTED: gettext_noop("Record rejection"),
    A.MORE_INFORMATION_REQUESTED: gettext_noop("Record request for more information"),
    A.TRAVEL_BOOKED: gettext_noop("Travel booked"),
    A.DEPARTED: gettext_noop("Record departure"),
    A.CLOSED: gettext_noop("Close application"),
    A.WITHDRAWN: gettext_noop("Withdraw application"),
}


def _transitions(application):
    return [{"to": status, "label": _(TRANSITION_LABELS[status]),
             "needs_form": bool(services.TRANSITION_FIELDS.get(status))}
            for status in services.allowed_transitions(application)]


@require_perm("case.read")
def case_application(request, pk):
    case = case_for(request.user, pk)
    applications = list(selectors.applications_of(case))
    record(request.user, "application.list_viewed", case, details={"ids": [a.pk for a in applications]})
    # The checklist (several queries) is shown for the current open application only, so the
    # page costs the same however many earlier applications the case has.
    current = next((a for a in applications if a.is_open), None)
    rows = [{"application": selectors.for_display(request.user, a)[0],
             "checklist": selectors.application_checklist(a) if a is current else None,
             "transitions": _transitions(a)} for a in applications]
    return render(request, "applications/case_application.html", case_context(request, case, "application",
                                                                                rows=rows))


def _application_form(request, case, data=None, **kwargs):
    return ApplicationForm(data, versions=selectors.selectable_programme_versions(),
                           persons=persons_of_household(case.household_id), **kwargs)


@require_perm("case.write")
def application_create(request, pk):
    case = case_for(request.user, pk)
    form = _application_form(request, case, request.POST or None,
                             initial={"members": list(persons_of_household(case.household_id))})
    created = {}

    def create():
        created["application"] = services.application_create(
            actor=request.user, case=case, programme_version=form.cleaned_data["programme_version"],
            members=form.cleaned_data["members"], data=form.service_data())

    if submit(request, form, create, success=_("The application has been saved as a draft.")):
        return redirect("applications:detail", pk=created["application"].pk)
    return render(request, "cases/case_form.html", case_context(
        request, case, "application", form=form, heading=_("New application"), submit_label=_("Save application"),
        cancel_url=reverse("applications:case_application", args=[case.pk])))


def _detail_context(request, application, **extra):
    case = application.case
    persons = application.members.all()
    documents = documents_of(request.user, case).filter(
        document_type__in=[DocumentType.PASSPORT, DocumentType.TRAVEL_DOCUMENT_SUBSTITUTE])
    travel = Travel.objects.filter(application=application).first()
    application.travel = travel  # cached, so that departure_checklist() reads the same (shown) travel
    application, travel = selectors.for_display(request.user, application, travel)
    return case_context(
        request, case, "application", application=application,
        checklist=selectors.application_checklist(application),
        members=selectors.members_of_application(application),
        declarations=application.declarations.select_related("person"),
        travel_documents=application.travel_documents.select_related("person", "document"),
        travel=travel, departure_checklist=services.departure_checklist(application) if travel else [],
        transitions=_transitions(application), version=application.programme_version,
        unverified_titles=_unverified_titles(application.programme_version),
        declaration_form=extra.pop("declaration_form", None) or DeclarationForm(
            persons=persons, initial={"signed_on": timezone.localdate()}, prefix="declaration"),
        document_form=extra.pop("document_form", None) or TravelDocumentForm(persons=persons, documents=documents,
                                                                              prefix="document"),
        **extra)


def _unverified_titles(version) -> list[str]:
    """The version's unverified rule keys ("benefits.starthilfe.family_cap") as rule titles."""
    return [rule_key_title(key) for key in version.unverified or ()]


@require_perm("case.read")
def application_detail(request, pk):
    application = selectors.application_for(request.user, pk)
    return render(request, "applications/application_detail.html", _detail_context(request, application))


@require_perm("case.write")
def application_edit(request, pk):
    application = selectors.application_for(request.user, pk)
    case = application.case
    shown, _travel = selectors.for_display(request.user, application)
    initial = {name: getattr(shown, name) for name in services.APPLICATION_FIELDS}
    initial.update(members=list(application.members.all()), version=application.version)
    form = _application_form(request, case, request.POST or None, initial=initial, editing=True)
    if shown is not application:
        form.fields["prioritisation_reasons"].choices = [
            (code, label) for code, label in form.fields["prioritisation_reasons"].choices
            if code not in selectors.HEALTH_REASONS]
    if submit(request, form, lambda: services.application_update(
            actor=request.user, application=application, expected_version=form.cleaned_data["version"] or 0,
            data=form.service_data(), members=form.cleaned_data["members"]),
            success=_("The application has been saved."), locked=application):
        return redirect("applications:detail", pk=application.pk)
    return render(request, "cases/case_form.html", case_context(
        request, case, "application", form=form, heading=_("Edit application"), submit_label=_("Save application"),
        cancel_url=reverse("applications:detail", args=[application.pk])))


@require_perm("case.write")
def application_transition(request, pk):
    application = selectors.application_for(request.user, pk, audit=False)
    to = request.POST.get("to") or request.GET.get("to", "")
    if to not in TRANSITION_LABELS:
        return redirect("applications:detail", pk=application.pk)
    fields = services.TRANSITION_FIELDS.get(to, ())
    initial = {"to": to, "version": application.version, "submitted_on": timezone.localdate(),
               "decision_on": timezone.localdate()}
    travel = Travel.objects.filter(application=application).first()
    initial["departed_on"] = travel.departure_date if travel else None
    form = TransitionForm(request.POST if request.method == "POST" else None, fields=fields, initial=initial)
    if submit(request, form, lambda: services.application_transition(
            actor=request.user, application=application, to_status=to,
            expected_version=form.cleaned_data["version"], data=form.cleaned_data),
            success=_("The application is now “%(status)s”.") % {"status": A(to).label}, locked=application):
        return redirect("applications:detail", pk=application.pk)
    if request.method == "POST" and not fields:
        # A button without a form of its own: report on the application's page.
        for error in form.non_field_errors():
            messages.error(request, error)
        return redirect("applications:detail", pk=application.pk)
    return render(request, "cases/case_form.html", case_context(
        request, application.case, "application", form=form, heading=_(TRANSITION_LABELS[to]),
        submit_label=_(TRANSITION_LABELS[to]), cancel_url=reverse("applications:detail", args=[application.pk])))


@require_POST
@require_perm("case.write")
def declaration_record(request, pk):
    application = selectors.application_for(request.user, pk, audit=False)
    form = DeclarationForm(request.POST, persons=application.members.all(), prefix="declaration")
    if submit(request, form, lambda: services.declaration_record(actor=request.user, application=application,
                                                                 **form.cleaned_data),
              success=_("The signed declaration has been recorded.")):
        return redirect("applications:detail", pk=application.pk)
    return render(request, "applications/application_detail.html",
                  _detail_context(request, application, declaration_form=form))


@require_POST
@require_perm("case.write")
def travel_document_record(request, pk):
    application = selectors.application_for(request.user, pk, audit=False)
    documents = documents_of(request.user, application.case)
    form = TravelDocumentForm(request.POST, persons=application.members.all(), documents=documents,
                              prefix="document")
    if submit(request, form, lambda: services.travel_document_record(actor=request.user, application=application,
                                                                     **form.cleaned_data),
              success=_("The travel document has been recorded.")):
        return redirect("applications:detail", pk=application.pk)
    return render(request, "applications/application_detail.html",
                  _detail_context(request, application, document_form=form))


@require_perm("case.write")
def travel_edit(request, pk):
    application = selectors.application_for(request.user, pk)
    travel = Travel.objects.filter(application=application).first()
    initial = {name: getattr(travel, name) for name in services.TRAVEL_FIELDS} if travel else {}
    initial["version"] = travel.version if travel else None
    form = TravelForm(request.POST or None, initial=initial)
    if selectors.hides_health_data(request.user, application.case.organisation_id):
        for name in selectors.HEALTH_TRAVEL_FIELDS:
            form.fields.pop(name)
            initial.pop(name, None)

    def save():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        services.travel_save(actor=request.user, application=application, data=data,
                             expected_version=form.cleaned_data["version"])

    if submit(request, form, save, success=_("The travel details have been saved."), locked=travel):
        return redirect("applications:detail", pk=application.pk)
    return render(request, "applications/travel_form.html", case_context(
        request, application.case, "application", application=application, form=form, airports=AIRPORTS,
        cancel_url=reverse("applications:detail", args=[application.pk])))


@require_perm("case.read")
def application_export(request, pk):
    application = selectors.application_for(request.user, pk, audit=False)
    data = selectors.application_export(request.user, application)
    response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="application-{application.pk}.json"'
    return response


@require_perm("case.read")
def application_summary(request, pk):
    application = selectors.application_for(request.user, pk, audit=False)
    data = selectors.application_export(request.user, application)
    application, _travel = selectors.for_display(request.user, application)
    # The data is the export's (codes, ISO dates, to copy into the OAM); the page names the kind.
    kinds = dict(TravelDocumentKind.choices)
    members = [{**m, "travel_document": kinds.get(m["travel_document"], m["travel_document"])}
               for m in data["members"]]
    return render(request, "applications/summary.html", {"application": application, "data": data,
                                                         "members": members,
                                                         "unverified_titles": _unverified_titles(
                                                             application.programme_version),
                                                         "version": application.programme_version})


@require_perm("case.read")
def travel_sheet(request, pk):
    application = selectors.application_for(request.user, pk, audit=False)
    record(request.user, "application.travel_sheet_viewed", application,
           organisation_id=application.case.organisation_id, case_id=application.case_id)
    travel = Travel.objects.filter(application=application).first()
    application.travel = travel
    application, travel = selectors.for_display(request.user, application, travel)
    # The sheet is for the client: in the language they read (their first language), or the one
    # the counsellor picks on the sheet; the picker itself speaks the counsellor's language.
    wanted = request.GET.get("language", "")
    language = client_language(wanted) or client_language(client_texts.sheet_language(application))
    checklist = services.departure_checklist(application) if travel else []
    staff_language = translation.get_language()
    languages = client_languages()  # named in the counsellor's language, for the picker
    with translation.override(language.code):
        return render(request, "applications/travel_sheet.html", {
            "application": application, "travel": travel, "members": selectors.members_of_application(application),
            "needs": client_texts.need_labels(travel.needs) if travel else [],
            "checklist": client_texts.sheet_checklist(checklist, travel), "sheet_language": language,
            "languages": languages, "staff_language": staff_language})


@require_perm("case.assign")
def overview(request):
    # Prioritised applications first (stable: then by the expected decision).
    applications = sorted((selectors.for_display(request.user, a)[0]
                           for a in selectors.open_applications_overview(request.user)),
                          key=lambda a: not a.prioritisation_reasons)
    record(request.user, "application.list_viewed", details={"ids": [a.pk for a in applications]})
    return render(request, "applications/overview.html", {"applications": applications,
                                                          "today": timezone.localdate()})
