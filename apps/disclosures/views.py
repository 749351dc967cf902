"""Disclosures: the counsellor's case tab and forms, and the authority's inbox.

The authority's pages show exactly the disclosed fields and documents of an accessible
disclosure (selectors.inbox_disclosure_for) and nothing else of the case.
"""

from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from apps.accounts.selectors import user_has_perm
from apps.audit.services import record
from apps.cases.pages import case_context
from apps.cases.selectors import case_for, document_content
from apps.core.permissions import require_perm
from apps.core.storage import DocumentUnreadable, file_response, safe_filename
from apps.core.views_helpers import run_reporting, submit
from apps.disclosures import selectors, services
from apps.disclosures.fields import DISCLOSABLE_FIELDS, disclosed_values
from apps.disclosures.forms import CertificateForm, DisclosureForm, MessageForm, VersionForm

PAGE_SIZE = 50
STATUS_LABELS = {
    selectors.ACTIVE: gettext_lazy("active"),
    selectors.REVOKED: gettext_lazy("revoked"),
    selectors.CONSENT_WITHDRAWN: gettext_lazy("consent withdrawn"),
    selectors.EXPIRED: gettext_lazy("expired"),
}


def _run_versioned(request, disclosure, service, *, success) -> None:
    """Run `service` on the disclosure with the POSTed version (None when the form is invalid)
    and report the outcome as a message."""
    form = VersionForm(request.POST)
    version = form.cleaned_data["version"] if form.is_valid() else None
    run_reporting(request, lambda: service(actor=request.user, disclosure=disclosure, expected_version=version),
                  success=success)


def _field_labels(codes) -> list[str]:
    return [str(DISCLOSABLE_FIELDS[c].label) if c in DISCLOSABLE_FIELDS else c for c in codes]


# --- The counsellor's side ---------------------------------------------------------------------


@require_perm("case.read")
def case_disclosures(request, pk):
    case = case_for(request.user, pk)
    disclosures = list(selectors.disclosures_of(request.user, case))
    log = selectors.access_log(disclosures)
    rows = [{"disclosure": d, "status": selectors.status_of(d), "status_label": STATUS_LABELS[selectors.status_of(d)],
             "field_labels": _field_labels(d.fields), "access": log.get(d.pk, [])} for d in disclosures]
    record(request.user, "disclosure.list_viewed", case, details={"ids": [d.pk for d in disclosures]})
    return render(request, "disclosures/case_disclosures.html", case_context(
        request, case, "disclosures", rows=rows,
        can_disclose=user_has_perm(request.user, "disclosure.create", case.organisation_id)))


@require_perm("disclosure.create")
def disclosure_new(request, pk):
    case = selectors.case_for_disclosing(request.user, pk)
    initial = {"recipient": selectors.suggested_recipient(case)}
    form = DisclosureForm(request.POST or None, case=case, user=request.user, initial=initial)

    def create():
        data = form.cleaned_data
        services.disclosure_create(actor=request.user, case=case, consent=data["consent"],
                                   recipient=data["recipient"], purpose=data["purpose"], fields=data["fields"],
                                   documents=data["documents"], valid_until=data["valid_until"])

    if submit(request, form, create, success=_("The data has been disclosed.")):
        return redirect("disclosures:case_disclosures", pk=case.pk)
    return render(request, "cases/case_form.html", case_context(
        request, case, "disclosures", form=form, heading=_("New disclosure"), submit_label=_("Disclose"),
        cancel_url=reverse("disclosures:case_disclosures", args=[case.pk])))


@require_perm("case.write")
def certificate_new(request, pk):
    """The counsellor records a GÜB from the paper copy."""
    case = case_for(request.user, pk, audit=False)
    form = CertificateForm(request.POST or None, persons=selectors.household_persons(case),
                           issuers=selectors.authorities(),
                           initial={"issued_by": selectors.suggested_recipient(case)})

    def create():
        data = form.cleaned_data
        services.gub_record_by_counsellor(actor=request.user, case=case, number=data["number"],
                                          issued_on=data["issued_on"], valid_until=data["valid_until"],
                                          persons=data["persons"], issued_by=data["issued_by"])

    if submit(request, form, create, success=_("The border crossing certificate has been recorded.")):
        return redirect("disclosures:case_disclosures", pk=case.pk)
    return render(request, "cases/case_form.html", case_context(
        request, case, "disclosures", form=form, heading=_("Record border crossing certificate"),
        submit_label=_("Save"), cancel_url=reverse("disclosures:case_disclosures", args=[case.pk])))


@require_POST
@require_perm("disclosure.create")
def disclosure_revoke(request, pk):
    disclosure = selectors.disclosure_for(request.user, pk, audit=False)
    _run_versioned(request, disclosure, services.disclosure_revoke,
                   success=_("The disclosure has been revoked; the recipient no longer has access."))
    return redirect("disclosures:case_disclosures", pk=disclosure.case_id)


@require_POST
@require_perm("disclosure.create")
def disclosure_answer(request, pk):
    disclosure = selectors.disclosure_for(request.user, pk, audit=False)
    form = MessageForm(request.POST)
    run_reporting(request, lambda: services.disclosure_answer(
        actor=request.user, disclosure=disclosure, text=form.cleaned_data["text"]),
        success=_("The answer has been sent."), form=form, invalid=_("Write the answer."))
    return redirect("disclosures:case_disclosures", pk=disclosure.case_id)


# --- The authority's side ----------------------------------------------------------------------


@require_perm("disclosure.receive")
def inbox(request):
    page = Paginator(selectors.inbox_of(request.user).select_related("consent__person"), PAGE_SIZE).get_page(
        request.GET.get("page"))
    rows = list(page.object_list)
    for organisation_id in {d.case.organisation_id for d in rows}:
        record(request.user, "disclosure.inbox_list_viewed", organisation_id=organisation_id,
               details={"ids": [d.pk for d in rows if d.case.organisation_id == organisation_id]})
    return render(request, "disclosures/inbox.html", {"page": page, "rows": [
        {"disclosure": d, "name": (f"{d.consent.person.given_names} {d.consent.person.family_name}"
                                   if "name" in d.fields else "")} for d in rows]})


def _inbox_detail(request, disclosure, *, question_form=None):
    return render(request, "disclosures/inbox_detail.html", {
        "disclosure": disclosure,
        "values": disclosed_values(disclosure.case, disclosure.consent.person, disclosure.fields,
                                   selectors.disclosed_persons(disclosure)),
        "documents": list(selectors.disclosed_documents(disclosure)),
        "messages_": list(selectors.messages_of(disclosure)),
        "certificates": selectors.certificate_rows(disclosure, selectors.certificates_of(disclosure)),
        "can_act": user_has_perm(request.user, "application.confirm", disclosure.recipient_id),
        "question_form": question_form or MessageForm(),
    })


@require_perm("disclosure.receive")
def inbox_detail(request, pk):
    return _inbox_detail(request, selectors.inbox_disclosure_for(request.user, pk))


@require_perm("disclosure.receive")
def inbox_document(request, pk, document_pk):
    disclosure = selectors.inbox_disclosure_for(request.user, pk, audit=False)
    document = selectors.disclosed_document(disclosure, document_pk)
    record(request.user, "disclosure.document_downloaded", disclosure,
           organisation_id=disclosure.case.organisation_id, case_id=disclosure.case_id,
           details={"document_id": document.pk})
    try:
        data = document_content(request.user, document, action="downloaded")
    except DocumentUnreadable:
        return render(request, "cases/document_unreadable.html", status=503, context={
            "document": document, "back_url": reverse("disclosures:inbox_detail", args=[disclosure.pk])})
    return file_response(data, content_type=document.content_type, inline=False,
                         filename=safe_filename(document.original_name, document.content_type))


@require_POST
@require_perm("application.confirm")
def inbox_confirm(request, pk):
    disclosure = selectors.inbox_disclosure_for(request.user, pk, audit=False)
    _run_versioned(request, disclosure, services.disclosure_confirm, success=_("You have confirmed the disclosure."))
    return redirect("disclosures:inbox_detail", pk=disclosure.pk)


@require_POST
@require_perm("application.confirm")
def inbox_ask(request, pk):
    disclosure = selectors.inbox_disclosure_for(request.user, pk, audit=False)
    form = MessageForm(request.POST)
    if submit(request, form, lambda: services.disclosure_ask(
            actor=request.user, disclosure=disclosure, text=form.cleaned_data["text"]),
            success=_("Your question has been sent.")):
        return redirect("disclosures:inbox_detail", pk=disclosure.pk)
    return _inbox_detail(request, disclosure, question_form=form)


@require_perm("application.confirm")
def inbox_certificate(request, pk):
    # The form names the disclosed persons: showing it is a read of the disclosure.
    disclosure = selectors.inbox_disclosure_for(request.user, pk, audit=request.method == "GET")
    form = CertificateForm(request.POST or None, persons=selectors.disclosed_persons(disclosure),
                           person_labels=selectors.person_labels(disclosure))

    def create():
        data = form.cleaned_data
        services.gub_record(actor=request.user, disclosure=disclosure, number=data["number"],
                            issued_on=data["issued_on"], valid_until=data["valid_until"], persons=data["persons"])

    if submit(request, form, create, success=_("The border crossing certificate has been recorded.")):
        return redirect("disclosures:inbox_detail", pk=disclosure.pk)
    return render(request, "disclosures/inbox_certificate.html", {"disclosure": disclosure, "form": form})
