"""Hosting requests: partners and authorities ask; the counselling organisation decides."""

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.accounts.selectors import organisations_with
from apps.audit.services import record
from apps.core.permissions import require_perm
from apps.core.views_helpers import run_reporting, submit
from apps.mobile import selectors, services
from apps.mobile.forms import DecisionForm, HostingRequestForm
from apps.mobile.views.common import audited_page


@require_perm("mobile.host")
def hosting_list(request):
    page = audited_page(request, selectors.hosting_requests_of(request.user), "hosting_request.list_viewed",
                        via="requester")
    return render(request, "mobile/hosting_list.html", {"page": page})


@require_perm("mobile.host")
def hosting_new(request):
    organisation = organisations_with(request.user, "mobile.host")[0]
    form = HostingRequestForm(request.POST or None)
    created = {}

    def create():
        created["request"] = services.hosting_request_submit(
            actor=request.user, requesting_organisation=organisation,
            counselling_organisation=form.cleaned_data["counselling_organisation"], data=form.request_data())

    if submit(request, form, create, success=_("Your request has been sent. You will see the answer here.")):
        return redirect("mobile:hosting_detail", pk=created["request"].pk)
    return render(request, "mobile/hosting_form.html", {"form": form, "organisation": organisation})


@require_perm("mobile.host")
def hosting_detail(request, pk):
    hosting_request = selectors.hosting_request_of(request.user, pk)
    record(request.user, "hosting_request.viewed", hosting_request,
           organisation_id=hosting_request.requesting_organisation_id, details={"via": "requester"})
    return render(request, "mobile/hosting_detail.html", {
        "hosting_request": hosting_request, "days": selectors.days_of_request(hosting_request)[:30],
        "is_open": hosting_request.status in selectors.OPEN_REQUEST_STATUSES, "side": "requester",
    })


@require_POST
@require_perm("mobile.host")
def hosting_withdraw(request, pk):
    hosting_request = selectors.hosting_request_of(request.user, pk)
    run_reporting(request, lambda: services.hosting_request_withdraw(actor=request.user,
                                                                     hosting_request=hosting_request),
                  success=_("The request has been withdrawn."))
    return redirect("mobile:hosting_detail", pk=hosting_request.pk)


@require_perm("mobile.plan")
def incoming_list(request):
    page = audited_page(request, selectors.incoming_hosting_requests(request.user), "hosting_request.list_viewed",
                        via="receiver")
    return render(request, "mobile/incoming_list.html", {"page": page})


@require_perm("mobile.plan")
def incoming_detail(request, pk):
    hosting_request = selectors.incoming_hosting_request(request.user, pk)
    record(request.user, "hosting_request.viewed", hosting_request,
           organisation_id=hosting_request.counselling_organisation_id, details={"via": "receiver"})
    return render(request, "mobile/hosting_detail.html", {
        "hosting_request": hosting_request, "days": selectors.days_of_request(hosting_request)[:30],
        "is_open": hosting_request.status in selectors.OPEN_REQUEST_STATUSES, "side": "receiver",
        "form": DecisionForm(initial={"version": hosting_request.version}),
    })


def _decide(request, pk, decide, success):
    hosting_request = selectors.incoming_hosting_request(request.user, pk)
    form = DecisionForm(request.POST)
    run_reporting(request, lambda: decide(hosting_request, form.cleaned_data["response"],
                                          form.cleaned_data["version"]),
                  success=success, form=form, invalid=_("Check the response."))
    return redirect("mobile:incoming_detail", pk=hosting_request.pk)


@require_POST
@require_perm("mobile.plan")
def incoming_accept(request, pk):
    return _decide(request, pk, lambda r, text, version: services.hosting_request_accept(
        actor=request.user, hosting_request=r, response=text, expected_version=version),
        _("The request has been accepted; the premises are now a counselling location."))


@require_POST
@require_perm("mobile.plan")
def incoming_propose(request, pk):
    return _decide(request, pk, lambda r, text, version: services.hosting_request_propose_changes(
        actor=request.user, hosting_request=r, response=text, expected_version=version),
        _("Your proposal has been sent."))


@require_POST
@require_perm("mobile.plan")
def incoming_decline(request, pk):
    return _decide(request, pk, lambda r, text, version: services.hosting_request_decline(
        actor=request.user, hosting_request=r, reason=text, expected_version=version),
        _("The request has been declined."))
