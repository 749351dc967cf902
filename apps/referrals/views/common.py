"""What the referral pages share: audited list pages, answering a referral."""

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from apps.audit.services import record
from apps.core.views_helpers import run_reporting
from apps.referrals import services
from apps.referrals.forms import ReferralStatusForm

PAGE_SIZE = getattr(settings, "REFERRAL_LIST_PAGE_SIZE", 50)


def audited_page(request, queryset, action: str, **details):
    """The requested page of `queryset`; reading it is audited as `action` with the ids shown."""
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    record(request.user, action, details={**details, "ids": [obj.pk for obj in page.object_list]})
    return page


def change_status(request, referral, *, side: str, back: str):
    """Run the status change the POSTed form asks for and go back to `back` (a URL name)."""
    form = ReferralStatusForm(request.POST)
    run_reporting(request, lambda: services.referral_set_status(
        actor=request.user, referral=referral, side=side, to_status=form.cleaned_data["to_status"],
        note=form.cleaned_data["note"], expected_version=form.cleaned_data["version"],
    ), success=lambda: _("Status changed to “%(status)s”.") % {"status": referral.get_status_display()},
        form=form, invalid=_("Choose the new status."))
    return redirect(back, pk=referral.pk)
