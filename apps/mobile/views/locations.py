"""The planning start page and the counselling locations."""

from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.accounts.selectors import organisations_with
from apps.audit.services import record
from apps.core.permissions import require_perm
from apps.core.views_helpers import run_reporting, submit
from apps.mobile import selectors, services
from apps.mobile.forms import LocationForm
from apps.mobile.views.common import audited_page


@require_perm("mobile.plan")
def start(request):
    today = timezone.localdate()
    days = selectors.with_free_slot_counts(
        selectors.days_visible_to(request.user).filter(date__gte=today, status="planned"))[:20]
    incoming = selectors.incoming_hosting_requests(request.user).filter(
        status__in=selectors.OPEN_REQUEST_STATUSES)[:20]
    return render(request, "mobile/start.html", {
        "days": days, "incoming": incoming,
        "location_count": selectors.plannable_locations(request.user).count(),
    })


@require_perm("case.read")
def location_list(request):
    page = audited_page(request, selectors.locations_visible_to(request.user), "counselling_location.list_viewed")
    return render(request, "mobile/location_list.html", {"page": page})


@require_perm("case.read")
def location_detail(request, pk):
    location = selectors.location_for(request.user, pk)
    record(request.user, "counselling_location.viewed", location)
    days = selectors.with_free_slot_counts(location.days.filter(date__gte=timezone.localdate()))[:30]
    return render(request, "mobile/location_detail.html", {"location": location, "days": days})


@require_perm("mobile.plan")
def location_create(request):
    organisation = organisations_with(request.user, "mobile.plan")[0]
    form = LocationForm(request.POST or None)
    created = {}

    def create():
        created["location"] = services.location_create(actor=request.user, organisation=organisation,
                                                       data=form.location_data())

    if submit(request, form, create, success=_("The location has been added.")):
        return redirect("mobile:location_detail", pk=created["location"].pk)
    return render(request, "mobile/form.html", {"form": form, "heading": _("New counselling location"),
                                                "submit_label": _("Save"), "cancel_url": "mobile:locations"})


@require_perm("mobile.plan")
def location_edit(request, pk):
    location = selectors.location_for(request.user, pk, "mobile.plan")
    form = LocationForm(request.POST or None, instance=location)
    if submit(request, form, lambda: services.location_update(
            actor=request.user, location=location, data=form.location_data(),
            expected_version=form.cleaned_data["version"]), success=_("The location has been saved."),
            locked=location):
        return redirect("mobile:location_detail", pk=location.pk)
    return render(request, "mobile/form.html", {"form": form, "heading": location.name,
                                                "submit_label": _("Save"), "cancel_url": "mobile:locations"})


@require_POST
@require_perm("mobile.plan")
def location_deactivate(request, pk):
    location = selectors.location_for(request.user, pk, "mobile.plan")
    run_reporting(request, lambda: services.location_deactivate(actor=request.user, location=location),
                  success=_("The location has been deactivated."))
    return redirect("mobile:location_detail", pk=location.pk)
