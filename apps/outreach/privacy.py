"""Outreach's personal data for the privacy app (apps.privacy.registry).

Material orders are sent to an organisation's address; in practice the address often names
a person ("z. Hd. Frau …"), so it counts as personal data. Some months after the order was
delivered or cancelled the delivery address and the notes of its history are removed; what
was ordered, how many, in which language and when stay for the outreach figures. Campaigns
hold no personal data (visits are bare counters).
"""

from dateutil.relativedelta import relativedelta
from django.db.models.functions import Length
from django.utils.translation import gettext_lazy as _

from apps.outreach.models import MaterialOrder, OrderEvent, OrderState
from apps.privacy.registry import ANONYMISE, DELETE, ProcessingActivity, RecordType, RetentionScope
from apps.privacy.source_helpers import bump


def orders_due(scope: RetentionScope):
    before = scope.now - relativedelta(months=scope.months)
    return (MaterialOrder.objects.annotate(_length=Length("delivery_address"))
            .filter(organisation_id=scope.organisation_id, state__in=[OrderState.DELIVERED, OrderState.CANCELLED],
                    created_at__lt=before, _length__gt=0))


def orders_apply(due, action: str) -> int:
    ids = list(due.values_list("pk", flat=True))
    if action == DELETE:
        return MaterialOrder.objects.filter(pk__in=ids).delete()[1].get("outreach.MaterialOrder", 0)
    OrderEvent.objects.filter(order_id__in=ids).update(note="")
    return MaterialOrder.objects.filter(pk__in=ids).update(delivery_address="", **bump(MaterialOrder))


ORDERS = RecordType(
    code="outreach.order_addresses", label=_("Delivery addresses of material orders"),
    trigger=_("after the order was placed (only delivered or cancelled orders)"), actions=(ANONYMISE, DELETE),
    default_action=ANONYMISE, default_months=12,
    default_legal_basis="Art. 6 Abs. 1 lit. b, e DSGVO i. V. m. Art. 5 Abs. 1 lit. e DSGVO",
    default_source=("Vorschlag, nicht geprüft: die Materialien sind kostenlos (keine Rechnung, keine "
                    "handelsrechtliche Aufbewahrung); ein Jahr deckt Rückfragen zur Lieferung ab."),
    due=orders_due, apply=orders_apply, categories=(_("delivery address"), _("notes on the order")), order=90,
)
ACTIVITY = ProcessingActivity(
    code="outreach", name=_("Outreach: information materials, orders, campaigns"),
    purpose=_("Publishing information materials, delivering printed copies to organisations, measuring "
              "campaigns without tracking people"),
    legal_basis="Art. 6 Abs. 1 lit. e DSGVO",
    persons=(_("Staff who order materials"), _("Contact persons named in a delivery address")),
    data=(_("delivery address"), _("who ordered or changed what (staff)")),
    recipients=(_("Print shop or mail service, if the organisation uses one"),),
    record_types=("outreach.order_addresses",),
)


def register() -> None:
    from apps.privacy.registry import register_processing_activity, register_record_type

    register_record_type(ORDERS)
    register_processing_activity(ACTIVITY)
