"""Outreach: /outreach/materials, /outreach/orders, /outreach/incoming-orders, campaign visits.

The public list of materials for the migrants' site is /public/materials (apps.api.routers.public).
"""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.pagination import paginate

from apps.accounts.selectors import organisations_with
from apps.api.pagination import Page
from apps.api.permissions import requires, signed_in
from apps.api.routers.common import EDIT_ERRORS, RECORD_ERRORS, invalid
from apps.api.schemas.common import ErrorOut, PathId
from apps.api.schemas.outreach import CampaignVisitsOut, MaterialOut, OrderIn, OrderOut, OrderStateIn
from apps.audit.services import record
from apps.outreach import orders as order_services
from apps.outreach import selectors
from apps.outreach.models import Material

router = Router()


@router.get("/outreach/materials", response=list[MaterialOut], summary="List information materials")
@signed_in
@paginate(Page)
def list_materials(request: HttpRequest):
    """The published information materials (public on the portal anyway); with outreach.manage
    the drafts too."""
    return selectors.materials_visible_to(request.auth).order_by("title", "id")


@router.get("/outreach/orders", response=list[OrderOut], summary="List material orders")
@requires("material.order")
@paginate(Page)
def list_material_orders(request: HttpRequest):
    """The orders of printed materials placed by your organisations, newest first."""
    return selectors.orders_visible_to(request.auth).prefetch_related("events").order_by("-created_at", "-id")


@router.get("/outreach/orders/{order_id}", response={200: OrderOut, 404: ErrorOut}, summary="Read a material order")
@requires("material.order")
def get_material_order(request: HttpRequest, order_id: PathId):
    order = selectors.order_for(request.auth, order_id)
    record(request.auth, "material_order.viewed", order, details={"via": "api"})
    return order


@router.post("/outreach/orders", response={201: OrderOut, **RECORD_ERRORS}, summary="Order printed materials")
@requires("material.order")
def create_material_order(request: HttpRequest, payload: OrderIn):
    """Order printed copies of a published material for your (first) organisation."""
    organisations = organisations_with(request.auth, "material.order")
    if not organisations:
        raise PermissionDenied("material.order")
    material = Material.objects.filter(pk=payload.material_id, published=True).first()
    if material is None:
        raise invalid("material_id", _("No published material has this id."))
    order = order_services.order_place(
        actor=request.auth, organisation=organisations[0], material=material, language=payload.language,
        quantity=payload.quantity, delivery_address=payload.delivery_address, wished_date=payload.wished_date)
    return Status(201, order)


@router.get("/outreach/incoming-orders", response=list[OrderOut], summary="List incoming material orders")
@requires("outreach.manage")
@paginate(Page)
def list_incoming_orders(request: HttpRequest):
    """The orders placed for the materials your organisations publish (outreach.manage there),
    newest first: the coordinator's list to confirm, ship and deliver from."""
    return (selectors.orders_visible_to(request.auth, incoming=True).prefetch_related("events")
            .order_by("-created_at", "-id"))


@router.post("/outreach/incoming-orders/{incoming_order_id}/state", response={200: OrderOut, **EDIT_ERRORS},
             summary="Move an incoming order on")
@requires("outreach.manage")
def transition_material_order(request: HttpRequest, incoming_order_id: PathId, payload: OrderStateIn):
    """The publisher's coordinator confirms, ships, delivers or cancels an order."""
    order = selectors.order_for(request.auth, incoming_order_id, incoming=True)
    return order_services.order_transition(actor=request.auth, order=order, to_state=payload.to,
                                           expected_version=payload.version, note=payload.note)


@router.get("/outreach/campaigns/{campaign_id}/visits", response={200: CampaignVisitsOut, 404: ErrorOut},
            summary="Portal visits of a campaign")
@requires("outreach.manage")
def get_campaign_visits(request: HttpRequest, campaign_id: PathId):
    campaign = selectors.campaign_for(request.auth, campaign_id)
    table = selectors.campaign_visits(campaign)
    visits = [{"day": day, "language": language, "count": count}
              for (day, language), count in sorted(table.cells.items())]
    return {"campaign_id": campaign.pk, "code": campaign.code, "total": table.total, "visits": visits}
