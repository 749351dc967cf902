"""Objects of this app for the authorisation matrix (see tests/test_authorisation_matrix.py).

Diakonie (the coordinator, outreach.manage) publishes a material with a German flyer text and
a file, and runs a campaign; the partner (Caritas Trier, material.order) has ordered the
material. Published materials are readable by every signed-in member (and downloadable by
everybody); editing, incoming orders and campaigns are Diakonie's; the order is Caritas's.
The API's list of incoming orders (GET /outreach/incoming-orders, outreach.manage) takes no id:
the matrix checks it by permission; its scoping is tested in apps/api/tests/test_outreach_incoming.py.
"""

from types import SimpleNamespace

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from apps.outreach import orders, services
from tests.test_authorisation_matrix import Scope, Target

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def extend(world) -> Scope:
    personas, orgs = world.personas, world.orgs
    coordinator, diakonie = personas.coordinator, orgs.diakonie
    material = services.material_create(actor=coordinator, organisation=diakonie, data={
        "title": "Rückkehrberatung (Matrix)", "kind": "flyer", "target_group": "general", "published": True})
    services.material_text_set(actor=coordinator, material=material, language="de", title="Beratung",
                               body="Kostenlos und vertraulich.", expected_version=material.version)
    file = services.material_file_upload(actor=coordinator, material=material, language="de",
                                         uploaded_file=SimpleUploadedFile("flyer.pdf", PDF))
    today = timezone.localdate()
    campaign = services.campaign_create(actor=coordinator, organisation=diakonie, data={
        "name": "Matrix", "code": "matrix", "channel": "print", "starts_on": today, "ends_on": today,
        "languages": ["de", "ar"], "target_group": "general", "budget": "10"})
    order = orders.order_place(actor=personas.partner, organisation=orgs.partner, material=material,
                               language="de", quantity=10, delivery_address="Trier")
    own_order = Target(order, orgs.partner, read="material.order", write="material.order")
    incoming = Target(order, diakonie, read="outreach.manage", write="outreach.manage")
    managed_material = Target(material, diakonie, read=None, write="outreach.manage")
    return Scope(
        prefixes={
            "outreach/materials/": managed_material,
            "outreach/public/materials/": Target(material, None, read=None),
            "outreach/orders/": own_order,
            "outreach/incoming-orders/": incoming,
            "outreach/campaigns/": Target(campaign, diakonie, read="outreach.manage", write="outreach.manage"),
        },
        # The public download names its language; fill() takes a value's `pk`.
        values={"file_pk": Target(file, None, read=None),
                "language": Target(SimpleNamespace(pk="de"), None, read=None)},
        api_ids={"order_id": own_order, "incoming_order_id": incoming,
                 "campaign_id": Target(campaign, diakonie, read="outreach.manage", write="outreach.manage")},
    )
