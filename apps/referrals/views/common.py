"""What the sender's and the provider's pages share: answering a referral."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from apps.referrals import services
from apps.referrals.forms import ReferralStatusForm


def change_status(request, referral, *, side: str, back: str):
    """Run the status change the POSTed form asks for and go back to `back` (a URL name)."""
    form = ReferralStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the new status."))
        return redirect(back, pk=referral.pk)
    try:
        services.referral_set_status(actor=request.user, referral=referral, side=side,
                                     to_status=form.cleaned_data["to_status"], note=form.cleaned_data["note"],
                                     expected_version=form.cleaned_data["version"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Status changed to “%(status)s”.") % {"status": referral.get_status_display()})
    return redirect(back, pk=referral.pk)
