"""Legal holds: the list, setting one on a case (found by its reference), lifting it."""

from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from apps.audit.services import record
from apps.core.permissions import require_perm
from apps.core.views_helpers import submit
from apps.privacy import selectors, services
from apps.privacy.forms import HoldForm, LiftForm


@require_perm("privacy.manage")
@require_GET
@never_cache
def hold_list(request):
    organisation = selectors.managed_organisation(request.user)
    holds = list(selectors.holds_visible_to(request.user).filter(organisation=organisation)[:200])
    with transaction.atomic():  # the reasons may name what the case is about
        record(request.user, "legal_hold.list_viewed", organisation_id=organisation.pk,
               details={"shown": len(holds)})
    return render(request, "privacy/hold_list.html", {"holds": holds})


@require_perm("privacy.manage")
@never_cache
def hold_create(request):
    organisation = selectors.managed_organisation(request.user)
    form = HoldForm(request.POST or None)
    if submit(request, form, lambda: services.hold_set(
            actor=request.user, organisation=organisation, case_reference=form.cleaned_data["case_reference"],
            reason=form.cleaned_data["reason"]), success=_("The case is under a legal hold now.")):
        return redirect("privacy:holds")
    return render(request, "privacy/hold_form.html", {"form": form, "heading": _("Set a legal hold"),
                                                      "submit_label": _("Set the hold")})


@require_perm("privacy.manage")
@never_cache
def hold_lift(request, pk):
    hold = selectors.hold_for(request.user, pk)
    form = LiftForm(request.POST or None)
    if hold.lifted_at is None and submit(request, form, lambda: services.hold_lift(
            actor=request.user, hold=hold, reason=form.cleaned_data["reason"]),
            success=_("The hold has been lifted.")):
        return redirect("privacy:holds")
    return render(request, "privacy/hold_form.html", {
        "form": form if hold.lifted_at is None else None, "hold": hold, "submit_label": _("Lift the hold"),
        "heading": _("Lift the legal hold on %(case)s") % {"case": hold.case_reference}})
