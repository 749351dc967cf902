"""Writes of outreach: permissions, validation, versions, locking, orders with e-mails."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from apps.audit.models import AuditEntry
from apps.core.errors import ConcurrentEditError
from apps.jobs.testing import run_jobs
from apps.outreach import orders, services
from apps.outreach.models import Flyer, MaterialFile, OrderState
from apps.outreach.tests.helpers import PDF_BYTES, PNG_BYTES, make_campaign, make_material, pdf_upload

pytestmark = pytest.mark.django_db


def test_only_outreach_managers_of_the_organisation_create_materials(personas, orgs):
    with pytest.raises(PermissionDenied):
        make_material(personas.partner, orgs.partner)
    with pytest.raises(PermissionDenied):
        make_material(personas.network_admin, orgs.diakonie)  # outreach.manage in IOM, not Diakonie
    material = make_material(personas.coordinator, orgs.diakonie)
    assert AuditEntry.objects.filter(action="material.created", object_id=str(material.pk)).exists()


def test_editing_a_material_needs_the_version_it_was_based_on(personas, orgs):
    material = make_material(personas.coordinator, orgs.diakonie)
    services.material_update(actor=personas.coordinator, material=material, data={"title": "Neu"},
                             expected_version=1)
    with pytest.raises(ConcurrentEditError):
        services.material_update(actor=personas.coordinator, material=material, data={"title": "Alt"},
                                 expected_version=1)


def test_a_new_upload_adds_a_version_and_keeps_the_old_ones(personas, orgs):
    material = make_material(personas.coordinator, orgs.diakonie)
    first = services.material_file_upload(actor=personas.coordinator, material=material, language="ar",
                                          uploaded_file=pdf_upload())
    second = services.material_file_upload(actor=personas.coordinator, material=material, language="ar",
                                           uploaded_file=SimpleUploadedFile("bild.png", PNG_BYTES))
    assert (first.version_number, second.version_number) == (1, 2)
    assert MaterialFile.objects.filter(material=material, language="ar").count() == 2
    assert second.content_type == "image/png"


@pytest.mark.parametrize("name,data,message", [
    ("leer.pdf", b"", "empty"),
    ("script.pdf", b"<script>alert(1)</script>", "not recognised"),
    ("programm.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64, "not recognised"),
    ("flyer.png", PDF_BYTES, "ends in"),
    ("flyer", PDF_BYTES, "ends in"),
])
def test_uploads_are_refused_by_content_not_by_name(personas, orgs, name, data, message):
    material = make_material(personas.coordinator, orgs.diakonie)
    with pytest.raises(ValidationError) as error:
        services.material_file_upload(actor=personas.coordinator, material=material, language="de",
                                      uploaded_file=SimpleUploadedFile(name, data))
    assert message in " ".join(error.value.messages)
    assert not MaterialFile.objects.exists()


def test_uploads_over_the_limit_are_refused(personas, orgs, settings):
    settings.DOCUMENT_MAX_UPLOAD_BYTES = 100
    material = make_material(personas.coordinator, orgs.diakonie)
    with pytest.raises(ValidationError, match="larger than the limit"):
        services.material_file_upload(actor=personas.coordinator, material=material, language="de",
                                      uploaded_file=pdf_upload(data=PDF_BYTES + b"x" * 200))


def test_a_changed_text_makes_a_new_flyer(personas, orgs):
    material = make_material(personas.coordinator, orgs.diakonie, texts={"ru": ("Консультация", "Бесплатно.")})
    first = services.flyer_render(material=material, language="ru", base_url="https://a.example")
    assert services.flyer_render(material=material, language="ru", base_url="https://a.example").pk == first.pk
    material.refresh_from_db()
    services.material_text_set(actor=personas.coordinator, material=material, language="ru",
                               title="Новая консультация", body="Бесплатно.", expected_version=material.version)
    assert not Flyer.objects.exists()
    second = services.flyer_render(material=material, language="ru", base_url="https://a.example")
    assert bytes(second.data) != bytes(first.data)


def test_generate_all_flyers_runs_on_the_job_queue(personas, orgs, django_capture_on_commit_callbacks):
    material = make_material(personas.coordinator, orgs.diakonie,
                             texts={"de": ("Beratung", "Kostenlos."), "ps": ("مشوره", "وړیا ده.")})
    with django_capture_on_commit_callbacks(execute=True):
        services.flyers_enqueue(actor=personas.coordinator, material=material, base_url="https://a.example")
    assert not Flyer.objects.exists()  # nothing rendered inside the request
    run_jobs()
    assert set(Flyer.objects.values_list("language", flat=True)) == {"de", "ps"}


def test_text_in_an_unknown_language_is_refused(personas, orgs):
    material = make_material(personas.coordinator, orgs.diakonie)
    with pytest.raises(ValidationError):
        services.material_text_set(actor=personas.coordinator, material=material, language="xx", title="t",
                                   body="b", expected_version=material.version)


def test_campaign_validation(personas, orgs):
    make_campaign(personas.coordinator, orgs.diakonie, code="eins")
    with pytest.raises(ValidationError, match="already uses"):
        make_campaign(personas.coordinator, orgs.diakonie, code="EINS")
    with pytest.raises(ValidationError):
        make_campaign(personas.coordinator, orgs.diakonie, code="zwei", days_before=-5, days_after=-10)
    with pytest.raises(ValidationError):
        make_campaign(personas.coordinator, orgs.diakonie, code="drei", languages=["xx"])
    with pytest.raises(ValidationError):
        make_campaign(personas.coordinator, orgs.diakonie, code="vier", budget="-1")
    with pytest.raises(PermissionDenied):
        make_campaign(personas.partner, orgs.partner, code="fuenf")


def test_an_order_goes_to_delivery_with_history_and_mails(personas, orgs, django_capture_on_commit_callbacks):
    material = make_material(personas.coordinator, orgs.diakonie)
    with django_capture_on_commit_callbacks(execute=True):
        order = orders.order_place(actor=personas.partner, organisation=orgs.partner, material=material,
                                   language="ar", quantity=200, delivery_address="Caritas, Trier",
                                   wished_date=timezone.localdate() + timedelta(days=14))
    run_jobs()
    assert [m.to for m in mail.outbox] == [[personas.coordinator.email]]
    for state in (OrderState.CONFIRMED, OrderState.SHIPPED, OrderState.DELIVERED):
        with django_capture_on_commit_callbacks(execute=True):
            orders.order_transition(actor=personas.coordinator, order=order, to_state=state,
                                    expected_version=order.version, note="DHL")
    run_jobs()
    assert [e.state for e in order.events.all()] == ["ordered", "confirmed", "shipped", "delivered"]
    assert [m.to for m in mail.outbox[1:]] == [[personas.partner.email]] * 3
    with pytest.raises(ValidationError):
        orders.order_transition(actor=personas.coordinator, order=order, to_state=OrderState.CANCELLED,
                                expected_version=order.version)


def test_the_orderer_may_cancel_only_until_confirmed_and_nobody_else_moves_it(personas, orgs):
    material = make_material(personas.coordinator, orgs.diakonie)
    order = orders.order_place(actor=personas.partner, organisation=orgs.partner, material=material,
                               language="de", quantity=5, delivery_address="Trier")
    with pytest.raises(PermissionDenied):
        orders.order_transition(actor=personas.partner, order=order, to_state=OrderState.CONFIRMED,
                                expected_version=order.version)
    with pytest.raises(PermissionDenied):
        orders.order_transition(actor=personas.counsellor, order=order, to_state=OrderState.CANCELLED,
                                expected_version=order.version)
    with pytest.raises(ConcurrentEditError):
        orders.order_transition(actor=personas.partner, order=order, to_state=OrderState.CANCELLED,
                                expected_version=order.version + 5)
    orders.order_transition(actor=personas.partner, order=order, to_state=OrderState.CANCELLED,
                            expected_version=order.version)
    assert order.state == "cancelled"


@pytest.mark.parametrize("changes,field", [
    ({"quantity": 0}, "quantity"), ({"quantity": 10_001}, "quantity"), ({"delivery_address": " "},
                                                                        "delivery_address"),
    ({"language": "xx"}, "language"), ({"wished_date": timezone.localdate() - timedelta(days=1)}, "wished_date"),
])
def test_orders_are_validated(personas, orgs, changes, field):
    material = make_material(personas.coordinator, orgs.diakonie)
    data = {"language": "de", "quantity": 5, "delivery_address": "Trier"} | changes
    with pytest.raises(ValidationError) as error:
        orders.order_place(actor=personas.partner, organisation=orgs.partner, material=material, **data)
    assert field in error.value.error_dict


def test_unpublished_materials_cannot_be_ordered(personas, orgs):
    material = make_material(personas.coordinator, orgs.diakonie, published=False)
    with pytest.raises(ValidationError):
        orders.order_place(actor=personas.partner, organisation=orgs.partner, material=material, language="de",
                           quantity=5, delivery_address="Trier")
