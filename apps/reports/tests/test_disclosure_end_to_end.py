"""Disclosure control on real records through the engine: what a statistics viewer is shown
cannot give back the small group — not from the total, not from two overlapping queries with
different filters, not from a month against its year."""

from datetime import date, datetime

import pytest
import time_machine
from django.utils import timezone

from apps.cases import services as case_services
from apps.reports import disclosure
from apps.reports.disclosure import SMALL
from apps.reports.engine import Filters, Period, compute
from tests.factories import make_case

YEAR = Period(date(2025, 1, 1), date(2025, 12, 31))
pytestmark = pytest.mark.django_db


def counsel(personas, orgs, *, sex: str, office, when: datetime, n: int = 1):
    for i in range(n):
        case = make_case(personas.counsellor, orgs.iom, family_name=f"P{sex}{i}{when.month}", sex=sex, office=office)
        person = case.household.members.get().person
        case_services.session_record(actor=personas.counsellor, case=case, participants=[person], data={
            "channel": "office", "language": "fa", "started_at": timezone.make_aware(when)})


@pytest.fixture
def trier_data(personas, orgs):
    """AfA Trier: 6 women (March) and 3 men (July) counselled in 2025; AfA Speyer: 5 and 5 (March)."""
    with time_machine.travel(datetime(2025, 11, 20, 12), tick=False):
        counsel(personas, orgs, sex="female", office=personas.trier, when=datetime(2025, 3, 10, 10), n=6)
        counsel(personas, orgs, sex="male", office=personas.trier, when=datetime(2025, 7, 10, 10), n=3)
        counsel(personas, orgs, sex="female", office=personas.speyer, when=datetime(2025, 3, 11, 10), n=5)
        counsel(personas, orgs, sex="male", office=personas.speyer, when=datetime(2025, 3, 12, 10), n=5)
    return personas


def seen(user, code, period, filters, breakdown=None):
    figure = compute(code, period, filters, breakdown=breakdown)
    return disclosure.protect(figure, period, filters, raw=disclosure.sees_raw(user, filters))


def test_the_engine_counts_what_the_test_built(trier_data, orgs):
    figure = compute("persons_counselled", YEAR, Filters(office_ids=(trier_data.trier.pk,)), breakdown="sex")
    assert (figure.total, figure.cells) == (9, {"female": 6, "male": 3})


def test_small_cell_is_not_recoverable_from_the_total(trier_data):
    trier = Filters(office_ids=(trier_data.trier.pk,))
    shown = seen(trier_data.statistics, "persons_counselled", YEAR, trier, "sex")
    cells = {c.key: c for c in shown.cells}
    assert cells["male"].display == SMALL and cells["male"].value is None
    # 9 − 6 would give the 3 men back: the 6 is withheld too (or the total).
    assert cells["female"].suppressed or shown.total.suppressed


def test_small_group_is_not_recoverable_from_two_overlapping_queries(trier_data):
    trier = Filters(office_ids=(trier_data.trier.pk,))
    trier_women = Filters(office_ids=(trier_data.trier.pk,), sexes=("female",))
    broad = seen(trier_data.statistics, "persons_counselled", YEAR, trier)
    narrow = seen(trier_data.statistics, "persons_counselled", YEAR, trier_women)
    assert broad.total.value == 9  # the office as a whole is no small group
    assert narrow.total.suppressed and narrow.total.value is None  # 9 − 6 = 3 men
    # The men asked for directly are "<5" as well.
    assert seen(trier_data.statistics, "persons_counselled", YEAR,
                Filters(office_ids=(trier_data.trier.pk,), sexes=("male",))).total.display == SMALL


def test_month_is_not_recoverable_from_its_year(trier_data):
    # Trier: 6 in March, 3 in July → the year minus March would be the 3 of July.
    march = Period(date(2025, 3, 1), date(2025, 3, 31))
    trier = Filters(office_ids=(trier_data.trier.pk,))
    assert seen(trier_data.statistics, "persons_counselled", march, trier).total.suppressed
    assert seen(trier_data.statistics, "persons_counselled", YEAR, trier).total.value == 9
    # Speyer: everything happened in March: the year gives nothing away.
    speyer = Filters(office_ids=(trier_data.speyer.pk,))
    assert seen(trier_data.statistics, "persons_counselled", march, speyer).total.value == 10


def test_team_lead_sees_own_organisation_raw_and_others_protected(trier_data, orgs):
    own = Filters(organisation_ids=(orgs.iom.pk,), office_ids=(trier_data.trier.pk,))
    shown = seen(trier_data.team_lead, "persons_counselled", YEAR, own, "sex")
    assert shown.raw and {c.key: c.value for c in shown.cells} == {"female": 6, "male": 3}
    network = Filters(office_ids=(trier_data.trier.pk,))
    assert not seen(trier_data.team_lead, "persons_counselled", YEAR, network, "sex").raw
