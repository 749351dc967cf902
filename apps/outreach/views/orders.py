"""Orders of printed materials: members with material.order order for their organisation
and follow their orders; the publisher's coordinator (outreach.manage) works the incoming
orders through their states."""

from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.accounts.selectors import organisations_with
from apps.audit.services import record
from apps.core.permissions import require_perm
from apps.core.views_helpers import run_reporting, submit
from apps.outreach import orders as order_services
from apps.outreach import selectors
from apps.outreach.forms import OrderForm, OrderStateForm
from apps.outreach.models import Material, OrderState
from apps.outreach.views.common import page_of, render_page

ORDER, MANAGE = "material.order", "outreach.manage"


@require_perm(ORDER)
def order_list(request):
    page = page_of(request, selectors.orders_visible_to(request.user))
    record(request.user, "material_order.list_viewed", details={"ids": [o.pk for o in page.object_list]})
    return render_page(request, "outreach/order_list.html", {"page": page, "incoming": False})


@require_perm(ORDER)
def order_create(request):
    organisation = organisations_with(request.user, ORDER)[0]
    materials = Material.objects.filter(published=True).order_by("title")
    initial = {}
    if request.GET.get("material", "").isdigit():
        initial["material"] = request.GET["material"]
    form = OrderForm(request.POST or None, initial=initial, materials=materials)
    created = {}

    def place():
        data = form.cleaned_data
        created["order"] = order_services.order_place(
            actor=request.user, organisation=organisation, material=data["material"], language=data["language"],
            quantity=data["quantity"], delivery_address=data["delivery_address"],
            wished_date=data["wished_date"])

    if submit(request, form, place, success=_("The order has been placed.")):
        return redirect("outreach:order_detail", pk=created["order"].pk)
    return render_page(request, "outreach/form.html", {"form": form, "heading": _("Order printed materials"),
                                                  "cancel_url": "outreach:orders"})


@require_perm(ORDER)
def order_detail(request, pk):
    order = selectors.order_for(request.user, pk)
    record(request.user, "material_order.viewed", order)
    return render_page(request, "outreach/order_detail.html", {
        "order": order, "events": selectors.order_events(order), "incoming": False,
        "can_cancel": order.state == OrderState.ORDERED})


@require_POST
@require_perm(ORDER)
def order_cancel(request, pk):
    order = selectors.order_for(request.user, pk)
    run_reporting(request, lambda: order_services.order_transition(
        actor=request.user, order=order, to_state=OrderState.CANCELLED,
        expected_version=_version(request, order)), success=_("The order has been cancelled."))
    return redirect("outreach:order_detail", pk=order.pk)


def _version(request, order) -> int:
    value = request.POST.get("version", "")
    return int(value) if value.isdigit() else order.version


@require_perm(MANAGE)
def incoming_list(request):
    page = page_of(request, selectors.orders_visible_to(request.user, incoming=True))
    record(request.user, "material_order.list_viewed", details={"ids": [o.pk for o in page.object_list]})
    return render_page(request, "outreach/order_list.html", {"page": page, "incoming": True})


@require_perm(MANAGE)
def incoming_detail(request, pk):
    order = selectors.order_for(request.user, pk, incoming=True)
    record(request.user, "material_order.viewed", order)
    form = OrderStateForm(request.POST or None, initial={"version": order.version})
    form.fields["state"].choices = [(s, OrderState(s).label) for s in order_services.next_states(order)]
    if submit(request, form, lambda: order_services.order_transition(
            actor=request.user, order=order, to_state=form.cleaned_data["state"],
            expected_version=form.cleaned_data["version"], note=form.cleaned_data["note"]),
            success=_("The order has been updated."), locked=order):
        return redirect("outreach:incoming_detail", pk=order.pk)
    return render_page(request, "outreach/order_detail.html", {
        "order": order, "events": selectors.order_events(order), "incoming": True,
        "form": form if order_services.next_states(order) else None})
