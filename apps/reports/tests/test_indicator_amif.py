"""AMIF specific objective (c) indicators, against hand-built data (builders.py and the
application and plan fixtures of test_indicator_casework.py)."""

from datetime import date, timedelta

import pytest

from apps.reports import engine
from apps.reports.engine import Filters, Period
from apps.reports.tests import builders, test_indicator_casework
from apps.reports.tests.builders import MAINZ, SPEYER, TRIER, YEAR, at, district
from tests.factories import member

pytestmark = pytest.mark.django_db
world, frozen = builders.world, builders.frozen
applications, plans = test_indicator_casework.applications, test_indicator_casework.plans


def total(code, period=YEAR, **filters):
    return engine.compute(code, period, Filters(**filters)).total


# --- Result 6: returnees voluntarily returned --------------------------------------------------

def test_voluntary_returns_count_each_departed_person_once(applications):
    w = applications
    # ap1 (adult, teen; 29 June), ap2 (old, restricted case), ap4 (adult again); ap5 was withdrawn.
    figure = engine.compute("amif_r6_voluntary_returns", YEAR, Filters(), breakdown="age_group")
    assert figure.total == 3
    # The teen departed on 29 June 2025, the day before turning 18.
    assert figure.cells == {"18_60": 1, "under_18": 1, "over_60": 1}
    assert engine.compute("amif_r6_voluntary_returns", YEAR, Filters(), breakdown="sex").cells == {
        "female": 1, "male": 2}
    assert total("amif_r6_voluntary_returns", organisation_ids=(w.orgs.iom.pk,)) == 3
    assert total("amif_r6_voluntary_returns", organisation_ids=(w.orgs.diakonie.pk,)) == 0
    assert total("amif_r6_voluntary_returns", office_ids=(w.personas.trier.pk,)) == 2
    assert total("amif_r6_voluntary_returns", district_ids=(district(SPEYER).pk,)) == 1
    assert total("amif_r6_voluntary_returns", nationalities=("SY",)) == 2
    assert total("amif_r6_voluntary_returns", sexes=("male",)) == 2
    assert total("amif_r6_voluntary_returns", age_groups=("under_18",)) == 1
    assert total("amif_r6_voluntary_returns", Period(date(2025, 8, 1), date(2025, 8, 31))) == 0  # only ap5
    assert total("amif_r6_voluntary_returns", Period(date(2024, 1, 1), date(2024, 12, 31))) == 0


def test_voluntary_returns_drilldown_lists_the_applications(applications):
    w = applications
    assert set(engine.drilldown("amif_r6_voluntary_returns", YEAR, Filters(), w.personas.team_lead)) == {
        w.ap1, w.ap2, w.ap4}
    assert set(engine.drilldown("amif_r6_voluntary_returns", YEAR, Filters(), w.analyst)) == {w.ap1, w.ap4}
    assert set(engine.drilldown("amif_r6_voluntary_returns", YEAR, Filters(), w.personas.team_lead,
                                cell="under_18")) == {w.ap1}
    assert not engine.drilldown("amif_r6_voluntary_returns", YEAR, Filters(), w.personas.statistics).exists()


def test_departures_by_programme_and_country(applications):
    w = applications
    w.a.intended_return_country = "SY"
    w.a.save()
    w.b.intended_return_country = "AF"
    w.b.save()
    assert engine.compute("departures_by_programme", YEAR, Filters(), breakdown="programme").cells == {
        "reag_garp": 3}
    july = Period(date(2025, 7, 1), date(2025, 7, 31))          # only ap4 (StarthilfePlus, adult)
    assert engine.compute("departures_by_programme", july, Filters(), breakdown="programme").cells == {
        "starthilfe_plus": 1}
    country = engine.compute("departures_by_country", YEAR, Filters(), breakdown="country")
    assert country.cells == {"SY": 2, "AF": 1}
    assert country.labels == {"SY": "Syria", "AF": "Afghanistan"}
    assert engine.compute("departures_by_country", YEAR, Filters(sexes=("male",)), breakdown="country").cells == {
        "SY": 1, "AF": 1}


# --- Output 3: returnees who received reintegration assistance -----------------------------------

def test_reintegration_assistance_counts_persons_whose_plan_was_handed_over_in_the_period(plans):
    w = plans
    figure = engine.compute("amif_o3_reintegration_assistance", YEAR, Filters(), breakdown="age_group")
    # adult (two handovers, once), teen (29 June: 17), old (restricted case), nodate (plan of 2024,
    # handed over in January 2025: the handover date decides).
    assert figure.cells == {"18_60": 1, "under_18": 1, "over_60": 1, "unknown": 1}
    assert figure.total == 4
    assert total("amif_o3_reintegration_assistance", organisation_ids=(w.orgs.iom.pk,)) == 3
    assert total("amif_o3_reintegration_assistance", office_ids=(w.personas.speyer.pk,)) == 1
    assert total("amif_o3_reintegration_assistance", district_ids=(district(MAINZ).pk,)) == 1
    assert total("amif_o3_reintegration_assistance", nationalities=("IQ",)) == 1
    assert total("amif_o3_reintegration_assistance", sexes=("male",)) == 2
    assert total("amif_o3_reintegration_assistance", age_groups=("under_18",)) == 1
    assert total("amif_o3_reintegration_assistance", Period(date(2024, 1, 1), date(2024, 12, 31))) == 0
    assert set(engine.drilldown("amif_o3_reintegration_assistance", YEAR, Filters(), w.personas.team_lead)) == {
        w.pl1, w.pl2, w.pl3}
    assert set(engine.drilldown("amif_o3_reintegration_assistance", YEAR, Filters(), w.analyst)) == {w.pl1, w.pl2}


# --- Output 1: participants in training activities -----------------------------------------------

def event(org, kind, start, *, district_ags=None, status="done", token):
    from apps.events.models import Event

    return Event.objects.create(organisation=org, title=f"{kind} {start:%d.%m.}", kind=kind, starts_at=start,
                                ends_at=start + timedelta(hours=3), capacity=20, status=status,
                                district=district(district_ags) if district_ags else None, public_token=token)


def registration(event_, org, status, name):
    from apps.events.models import Registration

    return Registration.objects.create(event=event_, organisation=org, name=name, email=f"{name}@x.test",
                                       channel="network", status=status, consent_at=at(2025, 1, 1),
                                       manage_token_hash=f"{event_.pk}-{name}")


@pytest.fixture
def trainings(world):
    w = world
    o = w.orgs
    e1 = event(o.diakonie, "training", at(2025, 3, 1), district_ags=TRIER, token="e1")
    e2 = event(o.diakonie, "training", at(2025, 11, 1), district_ags=MAINZ, status="published", token="e2")
    e3 = event(o.diakonie, "information", at(2025, 5, 1), district_ags=TRIER, token="e3")
    e4 = event(o.diakonie, "training", at(2024, 12, 1), district_ags=TRIER, token="e4")
    w.att = [registration(e1, o.authority, "attended", "anna"), registration(e1, o.partner, "attended", "ben"),
             registration(e2, o.authority, "attended", "anna")]
    registration(e1, o.authority, "no_show", "cem")
    registration(e1, o.partner, "cancelled", "dana")
    registration(e3, o.authority, "attended", "emil")          # not a training
    registration(e4, o.authority, "attended", "fritz")         # before the period
    return w


def test_training_participants_count_attendances_at_trainings(trainings):
    w = trainings
    figure = engine.compute("amif_o1_training_participants", YEAR, Filters(), breakdown="district")
    # anna attended two trainings: two attendances.
    assert figure.total == 3
    assert figure.cells == {TRIER: 2, MAINZ: 1}
    assert total("amif_o1_training_participants", organisation_ids=(w.orgs.authority.pk,)) == 2
    assert total("amif_o1_training_participants", district_ids=(district(MAINZ).pk,)) == 1
    # Registrations record neither sex nor age: those filters are ignored, and said so.
    ignored = engine.compute("amif_o1_training_participants", YEAR, Filters(sexes=("female",),
                                                                            age_groups=("under_18",)))
    assert ignored.total == 3 and ignored.ignored_filters == ("sexes", "age_groups")


def test_training_participants_drill_down_only_for_the_organiser(trainings):
    w = trainings
    organiser = member(w.orgs.diakonie, "analyst", email="analyst@diakonie.test")
    assert set(engine.drilldown("amif_o1_training_participants", YEAR, Filters(), organiser)) == set(w.att)
    assert not engine.drilldown("amif_o1_training_participants", YEAR, Filters(), w.personas.team_lead).exists()
    assert not engine.drilldown("amif_o1_training_participants", YEAR, Filters(), w.personas.coordinator).exists()
