"""Writes of orders of printed materials: a member with material.order orders for their
organisation; the publisher's coordinator (outreach.manage) moves the order through its
states. Every step is a history row and an audit entry; the other side hears of it by
e-mail through the outbox (delivered by a job after the commit).
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import Organisation, Role, User
from apps.accounts.selectors import ensure_perm
from apps.audit.services import record
from apps.core.client_languages import is_client_language
from apps.core.locking import claim_version
from apps.core.validation import check_date, clean_text
from apps.jobs.services import sending_for
from apps.outreach.models import Material, MaterialOrder, OrderEvent, OrderState

QUANTITY_MAX = 10_000
# Where an order may go next; delivered and cancelled are final.
NEXT_STATES = {
    OrderState.ORDERED: (OrderState.CONFIRMED, OrderState.CANCELLED),
    OrderState.CONFIRMED: (OrderState.SHIPPED, OrderState.CANCELLED),
    OrderState.SHIPPED: (OrderState.DELIVERED,),
    OrderState.DELIVERED: (),
    OrderState.CANCELLED: (),
}


def next_states(order: MaterialOrder) -> tuple[str, ...]:
    return tuple(NEXT_STATES[OrderState(order.state)])


def _managers_of(organisation_id: int) -> list[str]:
    roles = [role.pk for role in Role.objects.all() if "outreach.manage" in (role.permissions or ())]
    return list(User.objects.filter(is_active=True, memberships__organisation_id=organisation_id,
                                    memberships__is_active=True, memberships__role_id__in=roles)
                .exclude(email="").values_list("email", flat=True).distinct())


@transaction.atomic
def order_place(*, actor, organisation: Organisation, material: Material, language: str, quantity: int,
                delivery_address: str, wished_date: date | None = None) -> MaterialOrder:
    ensure_perm(actor, "material.order", organisation.pk)
    if not material.published:
        raise ValidationError({"material": _("This material cannot be ordered.")})
    if not is_client_language(language):
        raise ValidationError({"language": _("Choose one of the client languages.")})
    if not isinstance(quantity, int) or not 1 <= quantity <= QUANTITY_MAX:
        raise ValidationError({"quantity": _("Order between 1 and %(max)d copies.") % {"max": QUANTITY_MAX}})
    delivery_address = clean_text(delivery_address or "", 500)
    if not delivery_address:
        raise ValidationError({"delivery_address": _("Enter the delivery address.")})
    if wished_date is not None:
        check_date(wished_date)
        if wished_date < timezone.localdate():
            raise ValidationError({"wished_date": _("The wished date must not lie in the past.")})
    order = MaterialOrder.objects.create(
        organisation=organisation, material=material, language=language, quantity=quantity,
        delivery_address=delivery_address, wished_date=wished_date, ordered_by=actor)
    OrderEvent.objects.create(order=order, state=OrderState.ORDERED, actor=actor)
    record(actor, "material_order.placed", order, details={"quantity": quantity, "language": language})
    recipients = _managers_of(material.organisation_id)
    if recipients:
        with sending_for(organisation_id=material.organisation_id, purpose="material_order.placed"):
            send_mail(_("New order of printed materials: %(material)s") % {"material": material.title},
                      _("%(organisation)s ordered %(quantity)d copies of “%(material)s” (%(language)s).\n\n"
                        "You find the order in ReturnNet under “Material orders”.") % {
                          "organisation": organisation.name, "quantity": quantity, "material": material.title,
                          "language": language},
                      None, recipients)
    return order


@transaction.atomic
def order_transition(*, actor, order: MaterialOrder, to_state: str, expected_version: int,
                     note: str = "") -> MaterialOrder:
    """Move the order on (the publisher's coordinator); the orderer may cancel while it is
    not yet confirmed."""
    from apps.accounts.selectors import user_has_perm

    manager = user_has_perm(actor, "outreach.manage", order.material.organisation_id)
    own_cancel = (to_state == OrderState.CANCELLED and order.state == OrderState.ORDERED
                  and user_has_perm(actor, "material.order", order.organisation_id))
    if not (manager or own_cancel):
        raise PermissionDenied("outreach.manage")
    if to_state not in next_states(order):
        raise ValidationError({"state": _("An order that is “%(state)s” cannot become “%(to)s”.") % {
            "state": order.get_state_display(), "to": OrderState(to_state).label if to_state in OrderState.values
            else to_state}})
    note = clean_text(note or "", 300)
    claim_version(order, expected_version, state=to_state)
    order.state = to_state
    OrderEvent.objects.create(order=order, state=to_state, note=note, actor=actor)
    record(actor, "material_order.transitioned", order, details={"to": to_state})
    _notify_orderer(order, note)
    return order


def _notify_orderer(order: MaterialOrder, note: str) -> None:
    recipient = order.ordered_by.email if order.ordered_by_id else ""
    if not recipient:
        return
    subject = _("Your order of printed materials: %(state)s") % {"state": order.get_state_display()}
    body = _("Your order of %(quantity)d copies of “%(material)s” is now: %(state)s.\n\n%(note)s\n\n"
             "You find it in ReturnNet under “Material orders”.") % {
        "quantity": order.quantity, "material": order.material.title, "state": order.get_state_display(),
        "note": note}
    with sending_for(organisation_id=order.organisation_id, purpose="material_order.transitioned"):
        send_mail(subject, body, None, [recipient])
