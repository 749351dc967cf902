"""Partner and authority staff: refer a person to counselling, then follow only the status."""

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from apps.accounts.selectors import organisations_with
from apps.audit.services import record
from apps.core.permissions import require_perm
from apps.core.views_helpers import submit
from apps.referrals import selectors, services
from apps.referrals.forms import IncomingReferralForm
from apps.referrals.views.common import audited_page


@require_perm("referral.submit")
def my_referrals(request):
    page = audited_page(request, selectors.submitted_by_organisations_of(request.user),
                        "incoming_referral.list_viewed", via="submitter")
    return render(request, "referrals/my_list.html", {"page": page})


@require_perm("referral.submit")
def my_referral_new(request):
    organisation = organisations_with(request.user, "referral.submit")[0]
    form = IncomingReferralForm(request.POST or None)
    created = {}

    def create():
        created["incoming"] = services.incoming_submit(
            actor=request.user, from_organisation=organisation,
            to_organisation=form.cleaned_data["to_organisation"], data=form.incoming_data())

    if submit(request, form, create, success=_("The referral has been passed on. You will see its status here.")):
        return redirect("referrals:my_detail", pk=created["incoming"].pk)
    return render(request, "referrals/my_form.html", {"form": form, "organisation": organisation})


@require_perm("referral.submit")
def my_referral_detail(request, pk):
    incoming = selectors.submitted_for(request.user, pk)
    record(request.user, "incoming_referral.viewed", incoming, organisation_id=incoming.from_organisation_id,
           details={"via": "submitter"})
    return render(request, "referrals/my_detail.html", {"incoming": incoming})
