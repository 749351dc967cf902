"""Referrals out of a case: the case tab, a new referral, its page, sending, status, letter."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.audit.services import record
from apps.cases.pages import case_context
from apps.cases.selectors import case_for
from apps.clients.models import Consent
from apps.clients.selectors import persons_of_household, valid_consent_exists
from apps.core.permissions import require_perm
from apps.core.views_helpers import run_reporting, submit
from apps.referrals import selectors, services
from apps.referrals.forms import ReferralForm, ReferralStatusForm
from apps.referrals.letter import referral_letter
from apps.referrals.models import SharedField
from apps.referrals.views.common import change_status


@require_perm("case.read")
def case_referrals(request, pk):
    case = case_for(request.user, pk)
    referrals = list(selectors.referrals_of(request.user, case))
    record(request.user, "referral.list_viewed", organisation_id=case.organisation_id, case_id=case.pk,
           details={"ids": [r.pk for r in referrals]})
    return render(request, "referrals/case_referrals.html", case_context(request, case, "referrals",
                                                                          referrals=referrals))


@require_perm("case.write")
def referral_create(request, pk):
    case = case_for(request.user, pk)
    form = ReferralForm(request.POST or None, services=selectors.referable_services(request.user, case),
                        persons=persons_of_household(case.household_id))
    created = {}

    def create():
        data = form.cleaned_data
        created["referral"] = services.referral_create(
            actor=request.user, case=case, service=data["service"], person=data["person"],
            reason=data["reason"], shared_fields=data["shared_fields"])

    if submit(request, form, create, success=_("The referral has been saved. Send it when the client agrees.")):
        return redirect("referrals:detail", pk=created["referral"].pk)
    return render(request, "cases/case_form.html", case_context(
        request, case, "referrals", form=form, heading=_("New referral"), submit_label=_("Save referral"),
        cancel_url=reverse("referrals:case_referrals", args=[case.pk])))


@require_perm("case.read")
def referral_detail(request, pk):
    referral = selectors.referral_for(request.user, pk)
    case = referral.case
    consent_ok = valid_consent_exists(referral.person, Consent.Purpose.REFERRAL,
                                      recipient_id=referral.recipient_id)
    transitions = services.allowed_referral_transitions(referral, services.SENDER)
    return render(request, "referrals/referral_detail.html", case_context(
        request, case, "referrals", referral=referral, consent_ok=consent_ok,
        letter_available=selectors.snapshot_visible(referral),
        shared=selectors.shared_rows(selectors.shared_data(referral)),
        shared_labels=[SharedField(f).label for f in referral.shared_fields],
        status_form=ReferralStatusForm(initial={"version": referral.version}) if transitions else None,
        transitions=[(t, services.S(t).label) for t in transitions],
    ))


@require_POST
@require_perm("case.write")
def referral_send(request, pk):
    referral = selectors.referral_for(request.user, pk, audit=False)
    run_reporting(request, lambda: services.referral_send(actor=request.user, referral=referral),
                  success=_("The referral has been sent. A follow-up task has been created."))
    return redirect("referrals:detail", pk=referral.pk)


@require_POST
@require_perm("case.write")
def referral_status(request, pk):
    referral = selectors.referral_for(request.user, pk, audit=False)
    return change_status(request, referral, side=services.SENDER, back="referrals:detail")


@require_perm("case.read")
def referral_letter_pdf(request, pk):
    """The referral letter (German), with only the shared fields of the snapshot, while the
    consent it rests on holds."""
    referral = selectors.referral_for(request.user, pk, audit=False)
    if referral.status == services.S.PROPOSED:
        messages.error(request, _("The letter exists once the referral has been sent."))
        return redirect("referrals:detail", pk=referral.pk)
    if not selectors.snapshot_visible(referral):
        messages.error(request, _("The client has withdrawn the consent to this referral: its information may no "
                                  "longer be passed on, so there is no letter."))
        return redirect("referrals:detail", pk=referral.pk)
    record(request.user, "referral.letter_downloaded", referral, organisation_id=referral.case.organisation_id)
    response = HttpResponse(referral_letter(referral), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="verweisung-{referral.pk}.pdf"'
    return response
