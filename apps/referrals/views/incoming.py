"""Incoming referrals at the counselling organisation: offer an appointment, decline, or
accept into a new case (after the duplicate check) or an existing one."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.accounts.selectors import offices_of
from apps.clients.selectors import possible_duplicates
from apps.core.permissions import require_perm
from apps.core.views_helpers import run_reporting
from apps.referrals import selectors, services
from apps.referrals.forms import DeclineForm, LinkCaseForm, OfferAppointmentForm
from apps.referrals.views.common import audited_page


@require_perm("case.write")
def incoming_list(request):
    page = audited_page(request, selectors.incoming_of(request.user), "incoming_referral.list_viewed")
    return render(request, "referrals/incoming_list.html", {"page": page})


@require_perm("case.write")
def incoming_detail(request, pk):
    incoming = selectors.incoming_for(request.user, pk)
    open_ = bool(services.INCOMING_TRANSITIONS[incoming.status])
    duplicates, cases_by_person = [], {}
    if open_:
        duplicates = possible_duplicates(request.user, organisation_id=incoming.to_organisation_id,
                                         family_name=incoming.family_name, given_names=incoming.given_names)
        cases_by_person = selectors.cases_of_persons(request.user, [d.person.pk for d in duplicates])
    return render(request, "referrals/incoming_detail.html", {
        "incoming": incoming, "is_open": open_,
        "case_visible": selectors.linked_case_visible(request.user, incoming),
        "duplicates": [(d, cases_by_person.get(d.person.pk, [])) for d in duplicates],
        "offer_form": OfferAppointmentForm(), "decline_form": DeclineForm(), "link_form": LinkCaseForm(),
        "offices": offices_of([incoming.to_organisation_id]),
        "can_offer": services.I.APPOINTMENT_OFFERED in services.INCOMING_TRANSITIONS[incoming.status],
    })


@require_POST
@require_perm("case.write")
def incoming_offer(request, pk):
    incoming = selectors.incoming_for(request.user, pk, audit=False)
    form = OfferAppointmentForm(request.POST)
    when = form.cleaned_data["appointment_at"] if form.is_valid() else None
    run_reporting(request, lambda: services.incoming_offer_appointment(
        actor=request.user, incoming=incoming, appointment_at=when), success=_("An appointment has been offered."))
    return redirect("referrals:incoming_detail", pk=incoming.pk)


@require_POST
@require_perm("case.write")
def incoming_decline(request, pk):
    incoming = selectors.incoming_for(request.user, pk, audit=False)
    form = DeclineForm(request.POST)
    run_reporting(request, lambda: services.incoming_decline(
        actor=request.user, incoming=incoming, reason=form.cleaned_data["decline_reason"]),
        success=_("The referral has been declined."), form=form, invalid=_("Choose a reason."))
    return redirect("referrals:incoming_detail", pk=incoming.pk)


@require_POST
@require_perm("case.write")
def incoming_create_case(request, pk):
    incoming = selectors.incoming_for(request.user, pk, audit=False)
    office = offices_of([incoming.to_organisation_id]).filter(pk=request.POST.get("office") or 0).first()
    case = run_reporting(request, lambda: services.incoming_open_case(
        actor=request.user, incoming=incoming, office=office), success=_("A case has been opened for the referral."))
    if case:
        return redirect("cases:detail", pk=case.pk)
    return redirect("referrals:incoming_detail", pk=incoming.pk)


@require_POST
@require_perm("case.write")
def incoming_link(request, pk):
    incoming = selectors.incoming_for(request.user, pk, audit=False)
    form = LinkCaseForm(request.POST)
    case = selectors.linkable_case(request.user, incoming, form.data.get("case", ""))
    if case is None:
        messages.error(request, _("No case with this reference that you may see in the receiving organisation."))
        return redirect("referrals:incoming_detail", pk=incoming.pk)
    if run_reporting(request, lambda: services.incoming_link_case(actor=request.user, incoming=incoming, case=case),
                     success=_("The referral has been linked to case %(ref)s.") % {"ref": case.reference}):
        return redirect("cases:detail", pk=case.pk)
    return redirect("referrals:incoming_detail", pk=incoming.pk)
