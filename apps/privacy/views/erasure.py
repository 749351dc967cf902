"""Erasure on request: find the person, ask for the erasure, approve or reject it (two-person
rule), follow it. Finding a person reads personal data, so every search is audited."""

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from apps.audit.services import record
from apps.core.permissions import require_perm
from apps.core.views_helpers import run_reporting, submit
from apps.privacy import registry, selectors, services
from apps.privacy.forms import ErasureForm, RejectForm, SearchForm, VersionForm

ERASE = "privacy.erase"


@require_perm(ERASE)
@require_GET
@never_cache
def request_list(request):
    return render(request, "privacy/erasure_list.html", {"requests": selectors.requests_visible_to(request.user)[:100]})


def _audited_subjects(user, organisation, query: str, person_id: int | None):
    """The persons the officer looks at: search hits, or the one chosen (audited with ids)."""
    finder = registry.subject_finder()
    if person_id:
        info = finder.describe(person_id)
        found = [info] if info is not None and info.organisation_id == organisation.pk else []
    elif query:
        found = [i for i in finder.search([organisation.pk], query) if i.organisation_id == organisation.pk]
    else:
        return []
    with transaction.atomic():
        # Never the query itself: it is a name.
        record(user, "privacy.subject_searched", organisation_id=organisation.pk,
               person_id=found[0].person_id if len(found) == 1 else None,
               details={"found": len(found), "person_ids": [i.person_id for i in found][:20]})
    return found


@require_perm(ERASE)
@never_cache
def request_create(request):
    organisation = selectors.managed_organisation(request.user, ERASE)
    search = SearchForm(request.GET or None)
    query = search.cleaned_data["q"].strip() if search.is_valid() else ""
    chosen = request.POST.get("person_id") or request.GET.get("person")
    person_id = int(chosen) if (chosen or "").isdigit() else None
    try:
        found = _audited_subjects(request.user, organisation, query, person_id)
    except ImproperlyConfigured:
        found = None  # no app registered a finder: the page says so
    subject = found[0] if person_id and found else None
    form = ErasureForm(request.POST or None, initial={"person_id": person_id})
    created = {}

    def create():
        created["request"] = services.erasure_request(
            actor=request.user, organisation=organisation, person_id=form.cleaned_data["person_id"],
            mode=form.cleaned_data["mode"], reason=form.cleaned_data["reason"])

    if submit(request, form, create, success=_("The erasure has been requested.")):
        return redirect("privacy:erasure_detail", pk=created["request"].pk)
    return render(request, "privacy/erasure_form.html", {
        "search": search, "query": query, "found": found, "subject": subject, "form": form})


@require_perm(ERASE)
@require_GET
@never_cache
def request_detail(request, pk):
    erasure = selectors.request_for(request.user, pk)
    with transaction.atomic():  # the reason may say what the person asked for
        record(request.user, "erasure_request.viewed", erasure)
    return render(request, "privacy/erasure_detail.html", {
        "erasure": erasure, "reject_form": RejectForm(initial={"version": erasure.version}),
        "own": erasure.requested_by_id == request.user.pk})


@require_perm(ERASE)
@require_POST
def request_approve(request, pk):
    erasure = selectors.request_for(request.user, pk)
    form = VersionForm(request.POST)
    run_reporting(request, lambda: services.erasure_approve(
        actor=request.user, request=erasure, version=form.cleaned_data["version"]), form=form,
        invalid=_("Reload the page and approve again."), success=_("Approved: the erasure has been queued."))
    return redirect("privacy:erasure_detail", pk=erasure.pk)


@require_perm(ERASE)
@require_POST
def request_reject(request, pk):
    erasure = selectors.request_for(request.user, pk)
    form = RejectForm(request.POST)
    run_reporting(request, lambda: services.erasure_reject(
        actor=request.user, request=erasure, reason=form.cleaned_data["reason"],
        version=form.cleaned_data["version"]), form=form, invalid=_("Give the reason for the rejection."),
        success=_("The request has been rejected."))
    return redirect("privacy:erasure_detail", pk=erasure.pk)
