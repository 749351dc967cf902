"""Counselling days: create (once or recurring), look at the slots, cancel, move."""

from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.selectors import organisation_ids_with
from apps.audit.services import record
from apps.core.permissions import require_perm
from apps.core.views_helpers import submit
from apps.mobile import selectors, services
from apps.mobile.forms import CancelDayForm, DayForm, MoveDayForm
from apps.mobile.views.common import audited_page


@require_perm("case.read")
def day_list(request):
    days = selectors.with_free_slot_counts(
        selectors.days_visible_to(request.user).filter(date__gte=timezone.localdate()))
    page = audited_page(request, days, "counselling_day.list_viewed")
    return render(request, "mobile/day_list.html", {"page": page})


@require_perm("mobile.plan")
def day_create(request):
    locations = selectors.plannable_locations(request.user)
    form = DayForm(request.POST or None, locations=locations,
                   initial={"location": request.GET.get("location")})
    created = {}

    def create():
        created["days"] = services.day_create(request.user, form.cleaned_data["location"], form.day_data(),
                                              form.cleaned_data["counsellors"])

    if submit(request, form, create, success=_("Counselling days created.")):
        if len(created["days"]) == 1:
            return redirect("mobile:day_detail", pk=created["days"][0].pk)
        return redirect("mobile:location_detail", pk=form.cleaned_data["location"].pk)
    return render(request, "mobile/form.html", {"form": form, "heading": _("New counselling day"),
                                                "submit_label": _("Create"), "cancel_url": "mobile:days"})


@require_perm("case.read")
def day_detail(request, pk):
    day = selectors.day_for(request.user, pk)
    record(request.user, "counselling_day.viewed", day)
    free = set(selectors.free_slots(day).values_list("pk", flat=True))
    slots = [(slot, slot.pk in free) for slot in day.slots.all()]
    can_plan = day.organisation_id in organisation_ids_with(request.user, "mobile.plan")
    return render(request, "mobile/day_detail.html", {
        "day": day, "slots": slots, "can_plan": can_plan and day.status == "planned",
        "cancel_form": CancelDayForm(initial={"version": day.version}),
        "move_form": MoveDayForm(initial={"version": day.version, "starts_at": day.starts_at,
                                          "ends_at": day.ends_at}),
    })


@require_perm("mobile.plan")
def day_cancel(request, pk):
    day = selectors.day_for(request.user, pk, "mobile.plan")
    form = CancelDayForm(request.POST or None, initial={"version": day.version})
    if submit(request, form, lambda: services.day_cancel(actor=request.user, day=day,
                                                         reason=form.cleaned_data["reason"],
                                                         expected_version=form.cleaned_data["version"]),
              success=_("The counselling day has been cancelled; the people booked are told."), locked=day):
        return redirect("mobile:day_detail", pk=day.pk)
    return render(request, "mobile/form.html", {"form": form, "heading": _("Cancel the counselling day"),
                                                "submit_label": _("Cancel the day"), "cancel_url": "mobile:days"})


@require_perm("mobile.plan")
def day_move(request, pk):
    day = selectors.day_for(request.user, pk, "mobile.plan")
    form = MoveDayForm(request.POST or None, initial={"version": day.version, "date": day.date,
                                                      "starts_at": day.starts_at, "ends_at": day.ends_at})
    moved = {}

    def move():
        moved["day"] = services.day_move(actor=request.user, day=day, data=form.cleaned_data,
                                         expected_version=form.cleaned_data["version"])

    if submit(request, form, move, success=_("The counselling day has been moved; the people booked are told."),
              locked=day):
        return redirect("mobile:day_detail", pk=moved["day"].pk)
    return render(request, "mobile/form.html", {"form": form, "heading": _("Move the counselling day"),
                                                "submit_label": _("Move"), "cancel_url": "mobile:days"})
