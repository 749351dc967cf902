"""Persons counselled and sessions by channel / district, against a hand-built data set."""

import pytest

from apps.reports import engine
from apps.reports.engine import Filters
from apps.reports.tests import builders
from apps.reports.tests.builders import MAINZ, SPEYER, TRIER, YEAR, at, district, session

pytestmark = pytest.mark.django_db
world, frozen = builders.world, builders.frozen  # the shared fixtures


@pytest.fixture
def sessions(world):
    w, p = world, world.personas
    w.s1 = session(w.a, p.counsellor, at(2025, 3, 1), "office", w.adult, w.teen, district_ags=TRIER, place="office")
    w.s2 = session(w.a, p.counsellor, at(2025, 7, 1), "phone", w.adult, district_ags=TRIER,
                   place="client_district")
    w.s3 = session(w.b, p.counsellor, at(2025, 5, 5), "mobile", w.old, district_ags=SPEYER, place="mobile_day")
    w.s4 = session(w.c, p.diakonie_counsellor, at(2025, 9, 9), "video", w.nodate)
    # Outside the period by local date (23:30 on New Year's Eve, 00:30 on New Year's Day).
    session(w.a, p.counsellor, at(2024, 12, 31, 23, 30), "office", w.adult, w.teen, district_ags=TRIER)
    session(w.a, p.counsellor, at(2026, 1, 1, 0, 30), "office", w.adult, district_ags=TRIER)
    return w


def total(code, **filters):
    return engine.compute(code, YEAR, Filters(**filters)).total


def test_sessions_by_channel_count_each_session_of_the_period_once(sessions):
    figure = engine.compute("sessions_by_channel", YEAR, Filters(), breakdown="channel")
    # s1..s4, one per channel; the two sessions just outside the year do not count.
    assert figure.cells == {"office": 1, "phone": 1, "mobile": 1, "video": 1}
    assert figure.total == 4 and figure.additive
    assert figure.labels["office"] == "Office" and figure.labels["video"] == "Video"


def test_sessions_by_district_use_where_the_session_took_place(sessions):
    figure = engine.compute("sessions_by_district", YEAR, Filters(), breakdown="district")
    assert figure.cells == {TRIER: 2, SPEYER: 1, "unknown": 1}
    assert figure.labels == {TRIER: "Trier", SPEYER: "Speyer", "unknown": "unknown"}
    place = engine.compute("sessions_by_district", YEAR, Filters(), breakdown="place")
    assert place.cells == {"office": 1, "client_district": 1, "mobile_day": 1, "unknown": 1}


def test_session_filters(sessions):
    w = sessions
    assert total("sessions_by_channel", organisation_ids=(w.orgs.iom.pk,)) == 3          # s4 is Diakonie's
    assert total("sessions_by_channel", office_ids=(w.personas.speyer.pk,)) == 1          # s3
    assert total("sessions_by_channel", district_ids=(district(TRIER).pk,)) == 2          # s1, s2
    assert total("sessions_by_channel", district_ids=(district(MAINZ).pk,)) == 0
    # A session counts when at least one participant matches: SY is held by adult and old.
    assert total("sessions_by_channel", nationalities=("SY",)) == 3                       # s1, s2, s3
    assert total("sessions_by_channel", nationalities=("AF",)) == 1                       # s3 (second nationality)
    assert total("sessions_by_channel", sexes=("male",)) == 2                             # s1 (teen), s3
    # The teen was 17 at s1 (1 March) though 18 at the end of the period.
    assert total("sessions_by_channel", age_groups=("under_18",)) == 1
    assert total("sessions_by_channel", age_groups=("18_60",)) == 2                       # s1, s2 (adult)
    assert total("sessions_by_channel", age_groups=("unknown",)) == 1                     # s4
    assert total("sessions_by_channel", sexes=("female",), age_groups=("under_18",)) == 0


def test_persons_counselled_counts_each_person_once(sessions):
    figure = engine.compute("persons_counselled", YEAR, Filters(), breakdown="sex")
    # adult took part twice (s1, s2) and counts once.
    assert figure.total == 4
    assert figure.cells == {"female": 1, "male": 2, "diverse": 1}
    ages = engine.compute("persons_counselled", YEAR, Filters(), breakdown="age_group")
    assert ages.cells == {"18_60": 1, "under_18": 1, "over_60": 1, "unknown": 1}
    assert ages.labels["under_18"] == "under 18"
    nationality = engine.compute("persons_counselled", YEAR, Filters(), breakdown="nationality")
    # The first nationality recorded: old is AF (then SY); teen has none.
    assert nationality.cells == {"SY": 1, "AF": 1, "IQ": 1, "unknown": 1}
    assert nationality.labels["SY"] == "Syria"


def test_persons_counselled_filters(sessions):
    w = sessions
    assert total("persons_counselled", organisation_ids=(w.orgs.iom.pk,)) == 3
    assert total("persons_counselled", office_ids=(w.personas.trier.pk,)) == 2
    assert total("persons_counselled", district_ids=(district(TRIER).pk,)) == 2
    assert total("persons_counselled", nationalities=("SY",)) == 2
    assert total("persons_counselled", sexes=("male",)) == 2
    assert total("persons_counselled", age_groups=("under_18",)) == 1
    assert total("persons_counselled", age_groups=("over_60",)) == 1


def test_restricted_case_counts_but_drilldown_shows_it_only_to_those_allowed(sessions):
    w = sessions
    lead = engine.drilldown("sessions_by_channel", YEAR, Filters(), w.personas.team_lead)
    assert set(lead) == {w.s1, w.s2, w.s3}                 # not the Diakonie session s4
    analyst = engine.drilldown("sessions_by_channel", YEAR, Filters(), w.analyst)
    assert set(analyst) == {w.s1, w.s2}                     # restricted case b hidden
    assert not engine.drilldown("sessions_by_channel", YEAR, Filters(), w.personas.statistics).exists()
    assert not engine.drilldown("sessions_by_channel", YEAR, Filters(), w.personas.counsellor).exists()


def test_drilldown_of_a_cell(sessions):
    w = sessions
    lead = w.personas.team_lead
    assert set(engine.drilldown("sessions_by_channel", YEAR, Filters(), lead, cell="mobile")) == {w.s3}
    assert set(engine.drilldown("sessions_by_district", YEAR, Filters(), lead, cell=TRIER)) == {w.s1, w.s2}
    assert set(engine.drilldown("persons_counselled", YEAR, Filters(), lead, cell="under_18",
                                breakdown="age_group")) == {w.s1}
    assert set(engine.drilldown("persons_counselled", YEAR, Filters(sexes=("female",)), lead)) == {w.s1, w.s2}


def test_compute_all_gives_each_active_indicator_with_its_default_breakdown(sessions):
    figures = {f.code: f for f in engine.compute_all(YEAR, Filters())}
    assert figures["sessions_by_channel"].breakdown == "channel"
    assert figures["sessions_by_channel"].cells == {"office": 1, "phone": 1, "mobile": 1, "video": 1}
    assert figures["sessions_by_district"].cells == {TRIER: 2, SPEYER: 1, "unknown": 1}
    assert figures["persons_counselled"].total == 4
    assert figures["districts_covered"].breakdown is None
