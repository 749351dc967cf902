"""The provider's inbox: referrals addressed to the user's organisation, nothing else of the case."""

from django.shortcuts import render
from django.views.decorators.http import require_POST

from apps.core.permissions import require_perm
from apps.referrals import selectors, services
from apps.referrals.views.common import audited_page, change_status


@require_perm("referral.receive")
def inbox(request):
    page = audited_page(request, selectors.inbox_of(request.user), "referral.inbox_list_viewed")
    return render(request, "referrals/inbox_list.html", {"page": page})


@require_perm("referral.receive")
def inbox_detail(request, pk):
    referral = selectors.inbox_referral_for(request.user, pk)
    transitions = services.allowed_referral_transitions(referral, services.PROVIDER)
    visible = selectors.snapshot_visible(referral)
    return render(request, "referrals/inbox_detail.html", {
        "referral": referral, "snapshot_visible": visible,
        "shared": selectors.shared_rows(selectors.shared_data(referral)) if visible else [],
        "transitions": [(t, services.S(t).label) for t in transitions],
        "version": referral.version,
    })


@require_POST
@require_perm("referral.receive")
def inbox_status(request, pk):
    referral = selectors.inbox_referral_for(request.user, pk, audit=False)
    return change_status(request, referral, side=services.PROVIDER, back="referrals:inbox_detail")
