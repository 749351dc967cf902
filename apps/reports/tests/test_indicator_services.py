"""Hotline and outreach indicators against hand-built data."""

from datetime import date
from decimal import Decimal

import pytest

from apps.reports import engine
from apps.reports.engine import Filters
from apps.reports.tests import builders
from apps.reports.tests.builders import MAINZ, TRIER, YEAR, at, district

pytestmark = pytest.mark.django_db
world, frozen = builders.world, builders.frozen


def total(code, **filters):
    return engine.compute(code, YEAR, Filters(**filters)).total


@pytest.fixture
def hotline(world):
    from apps.hotline.models import Call, CallbackRequest

    w = world
    agent = w.personas.hotline

    def call(org, when, topic, ags=None):
        return Call.objects.create(organisation=org, agent=agent, started_at=when, topic=topic,
                                   district=district(ags) if ags else None)

    def callback(org, source, requested, due, reached=None):
        return CallbackRequest.objects.create(organisation=org, source=source, phone="+4965112345", phone_hash="h",
                                              language="ar", requested_at=requested, due_at=due, reached_at=reached)
    w.c1 = call(w.orgs.iom, at(2025, 1, 10), "programmes", TRIER)
    w.c2 = call(w.orgs.iom, at(2025, 2, 10), "programmes", MAINZ)
    w.c3 = call(w.orgs.iom, at(2025, 3, 10), "documents")
    call(w.orgs.iom, at(2024, 12, 31, 23, 59), "documents")                         # before the period
    call(w.orgs.diakonie, at(2025, 4, 1), "counselling")
    w.cb1 = callback(w.orgs.iom, "portal", at(2025, 3, 3), at(2025, 3, 5, 0), at(2025, 3, 4, 12))  # in time
    w.cb2 = callback(w.orgs.iom, "call", at(2025, 3, 7), at(2025, 3, 11, 0), at(2025, 3, 12, 9))   # late
    w.cb3 = callback(w.orgs.iom, "portal", at(2025, 5, 5), at(2025, 5, 7, 0))                      # never reached
    callback(w.orgs.iom, "portal", at(2024, 12, 30), at(2025, 1, 1, 0), at(2024, 12, 31))          # before
    callback(w.orgs.diakonie, "portal", at(2025, 6, 2), at(2025, 6, 4, 0), at(2025, 6, 3))         # in time
    return w


def test_hotline_calls_by_topic(hotline):
    w = hotline
    figure = engine.compute("hotline_calls", YEAR, Filters(), breakdown="topic")
    assert figure.cells == {"programmes": 2, "documents": 1, "counselling": 1}
    assert figure.labels["documents"] == "Travel documents"
    assert total("hotline_calls", organisation_ids=(w.orgs.iom.pk,)) == 3
    assert total("hotline_calls", district_ids=(district(TRIER).pk,)) == 1
    assert engine.compute("hotline_calls", YEAR, Filters(sexes=("male",))).ignored_filters == ("sexes",)
    assert set(engine.drilldown("hotline_calls", YEAR, Filters(), w.personas.team_lead)) == {w.c1, w.c2, w.c3}
    assert not engine.drilldown("hotline_calls", YEAR, Filters(), w.personas.statistics).exists()


def test_callback_requests_and_service_level(hotline):
    w = hotline
    assert engine.compute("callback_requests", YEAR, Filters(), breakdown="source").cells == {"portal": 3, "call": 1}
    assert total("callback_requests", organisation_ids=(w.orgs.iom.pk,)) == 3
    level = engine.compute("callbacks_within_service_level", YEAR, Filters(), breakdown="timeliness")
    # Reached in time: cb1 and Diakonie's; late: cb2, never reached: cb3 -> 2 of 4.
    assert level.total == Decimal("50.0") and level.unit == "percent"
    assert level.cells == {"within": 2, "late": 2}
    assert total("callbacks_within_service_level", organisation_ids=(w.orgs.iom.pk,)) == Decimal("33.3")
    assert set(engine.drilldown("callbacks_within_service_level", YEAR, Filters(), w.personas.team_lead,
                                cell="late")) == {w.cb2, w.cb3}


@pytest.fixture
def outreach(world):
    from apps.outreach.models import Campaign, CampaignVisit, Material, MaterialOrder

    w = world
    social = Campaign.objects.create(organisation=w.orgs.diakonie, name="Social", code="social",
                                     channel="social_media", starts_on=date(2025, 1, 1), ends_on=date(2025, 12, 31))
    printed = Campaign.objects.create(organisation=w.orgs.iom, name="Print", code="print", channel="print",
                                      starts_on=date(2025, 1, 1), ends_on=date(2025, 12, 31))
    counters = ((social, date(2025, 2, 1), "ar", 10), (social, date(2025, 2, 1), "de", 5),
                (social, date(2025, 12, 31), "ar", 3), (social, date(2024, 12, 31), "ar", 100),
                (printed, date(2025, 6, 1), "fa", 7))
    for campaign, day, language, count in counters:
        CampaignVisit.objects.create(campaign=campaign, day=day, language=language, count=count)
    flyer = Material.objects.create(organisation=w.orgs.diakonie, title="Flyer", kind="flyer")
    poster = Material.objects.create(organisation=w.orgs.diakonie, title="Poster", kind="poster")

    def order(org, material, when, state):
        return MaterialOrder.objects.create(organisation=org, material=material, language="ar", quantity=50,
                                            delivery_address="Trier", state=state, created_at=when)
    order(w.orgs.partner, flyer, at(2025, 1, 1, 0, 30), "delivered")
    order(w.orgs.partner, poster, at(2025, 5, 5), "ordered")
    order(w.orgs.authority, flyer, at(2025, 7, 7), "cancelled")
    order(w.orgs.partner, flyer, at(2024, 12, 31, 23, 30), "delivered")             # before the period
    return w


def test_campaign_visits_sum_the_daily_counters(outreach):
    w = outreach
    figure = engine.compute("campaign_visits", YEAR, Filters(), breakdown="channel")
    assert figure.total == 25 and figure.cells == {"social_media": 18, "print": 7}
    assert engine.compute("campaign_visits", YEAR, Filters(), breakdown="language").cells == {
        "ar": 13, "de": 5, "fa": 7}
    assert total("campaign_visits", organisation_ids=(w.orgs.iom.pk,)) == 7


def test_material_orders_by_state(outreach):
    w = outreach
    assert engine.compute("material_orders", YEAR, Filters(), breakdown="state").cells == {
        "delivered": 1, "ordered": 1, "cancelled": 1}
    assert engine.compute("material_orders", YEAR, Filters(), breakdown="kind").cells == {"flyer": 2, "poster": 1}
    assert total("material_orders", organisation_ids=(w.orgs.partner.pk,)) == 2
