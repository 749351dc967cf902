"""Outreach's record type (apps.outreach.privacy): delivery addresses of orders."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.outreach import privacy
from apps.outreach.models import Material, MaterialOrder, OrderEvent, OrderState
from apps.privacy.registry import ANONYMISE, RetentionScope


@pytest.fixture(autouse=True)
def _clock(fixed_clock):
    """Periods count back from "now": a fixed moment (conftest.FIXED_MOMENT), not the day of the run."""


def test_delivered_orders_lose_the_address_after_the_period_and_keep_what_was_ordered(personas, orgs):
    material = Material.objects.create(organisation=orgs.iom, title="Flyer", kind="flyer")
    moment = timezone.now() - timedelta(days=400)

    def order(state, created_at=moment):
        placed = MaterialOrder.objects.create(organisation=orgs.partner, material=material, language="ar",
                                              quantity=50, delivery_address="z. Hd. Frau Marker, Trier", state=state,
                                              created_at=created_at)
        OrderEvent.objects.create(order=placed, state=state, note="Frau Marker ruft an")
        return placed

    delivered, waiting, recent = order(OrderState.DELIVERED), order(OrderState.ORDERED), order(
        OrderState.DELIVERED, timezone.now())
    scope = RetentionScope(organisation_id=orgs.partner.pk, now=timezone.now(), months=12, held_case_ids=frozenset())

    assert list(privacy.orders_due(scope)) == [delivered]
    assert privacy.orders_apply(privacy.orders_due(scope), ANONYMISE) == 1
    delivered.refresh_from_db()
    assert (delivered.delivery_address, delivered.quantity, delivered.language) == ("", 50, "ar")
    assert delivered.events.get().note == ""
    for kept in (waiting, recent):
        assert MaterialOrder.objects.get(pk=kept.pk).delivery_address.startswith("z. Hd.")
    assert not privacy.orders_due(scope).exists()
