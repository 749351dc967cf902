"""The network's indicators (districts covered, events, participants, expert questions and their
turnaround), against hand-built data."""

from datetime import date, time
from decimal import Decimal

import pytest

from apps.reports import engine
from apps.reports.engine import Filters
from apps.reports.tests import builders, test_indicator_amif
from apps.reports.tests.builders import MAINZ, SPEYER, TRIER, YEAR, at, district
from tests.factories import member

pytestmark = pytest.mark.django_db
world, frozen = builders.world, builders.frozen
trainings = test_indicator_amif.trainings


def total(code, **filters):
    return engine.compute(code, YEAR, Filters(**filters)).total


@pytest.fixture
def days(world):
    from apps.mobile.models import CounsellingLocation, MobileCounsellingDay

    w = world
    places = {ags: CounsellingLocation.objects.create(organisation=w.orgs.iom, kind="partner_premises",
                                                      name=f"Ort {ags}", district=district(ags))
              for ags in (TRIER, SPEYER, MAINZ)}

    def day(org, ags, on, status="planned"):
        return MobileCounsellingDay.objects.create(organisation=org, location=places[ags], date=on,
                                                   starts_at=time(9), ends_at=time(15), status=status,
                                                   created_by=w.personas.team_lead)
    w.d1 = day(w.orgs.iom, TRIER, date(2025, 2, 2))
    day(w.orgs.iom, TRIER, date(2025, 3, 3))                       # the same district again
    day(w.orgs.iom, SPEYER, date(2025, 4, 4), status="cancelled")  # cancelled: not covered
    day(w.orgs.iom, MAINZ, date(2024, 12, 12))                     # before the period
    day(w.orgs.diakonie, SPEYER, date(2025, 5, 5))
    return w


def test_districts_covered_count_districts_with_a_counselling_day(days):
    w = days
    assert total("districts_covered") == 2                                     # Trier, Speyer
    assert total("districts_covered", organisation_ids=(w.orgs.iom.pk,)) == 1
    assert total("districts_covered", district_ids=(district(TRIER).pk,)) == 1
    figure = engine.compute("districts_covered", YEAR, Filters(sexes=("male",), office_ids=(w.personas.trier.pk,)))
    assert figure.total == 2 and figure.ignored_filters == ("office_ids", "sexes")
    assert w.d1 in engine.drilldown("districts_covered", YEAR, Filters(), w.personas.team_lead)


def test_events_held_and_participants(trainings):
    w = trainings
    # e1, e2 (training), e3 (information); e4 was in 2024.
    assert engine.compute("events_held", YEAR, Filters(), breakdown="kind").cells == {"training": 2,
                                                                                      "information": 1}
    assert total("events_held", organisation_ids=(w.orgs.iom.pk,)) == 0
    assert total("events_held", district_ids=(district(TRIER).pk,)) == 2
    participants = engine.compute("event_participants", YEAR, Filters(), breakdown="kind")
    assert participants.cells == {"training": 3, "information": 1}
    assert participants.labels["information"] == "Information event"
    assert total("event_participants", organisation_ids=(w.orgs.authority.pk,)) == 3   # anna twice, emil
    assert total("event_participants", district_ids=(district(MAINZ).pk,)) == 1


@pytest.fixture
def questions(world):
    from apps.network.models import ExpertQuestion

    w = world

    def ask(org, asked, answered=None, *, category="legal", status="answered"):
        return ExpertQuestion.objects.create(
            organisation=org, competence_centre=w.orgs.diakonie, subject="Frage", category=category,
            status=status, asked_at=asked, answered_at=answered, due_on=asked.date())
    ask(w.orgs.authority, at(2025, 2, 1), at(2025, 2, 3))                               # 2 days
    ask(w.orgs.partner, at(2025, 3, 1), at(2025, 3, 2), category="programmes")        # 1 day
    ask(w.orgs.authority, at(2025, 4, 1), at(2025, 4, 5))                               # 4 days
    ask(w.orgs.partner, at(2025, 5, 1), category="other", status="open")
    ask(w.orgs.partner, at(2025, 6, 1), category="other", status="withdrawn")
    ask(w.orgs.authority, at(2024, 12, 30), at(2025, 1, 2))                             # 3 days
    ask(w.orgs.partner, at(2025, 12, 30), at(2026, 1, 5), category="country")
    return w


def test_expert_questions_count_questions_asked_in_the_period(questions):
    w = questions
    figure = engine.compute("expert_questions", YEAR, Filters(), breakdown="category")
    assert figure.cells == {"legal": 2, "programmes": 1, "other": 1, "country": 1}
    assert total("expert_questions", organisation_ids=(w.orgs.authority.pk,)) == 2
    assert engine.compute("expert_questions", YEAR, Filters(district_ids=(1,))).ignored_filters == ("district_ids",)


def test_expert_question_turnaround_is_the_median_of_questions_answered_in_the_period(questions):
    w = questions
    # Answered in 2025: 2, 1, 4 and 3 days -> median (2 + 3) / 2.
    figure = engine.compute("expert_question_turnaround", YEAR, Filters())
    assert figure.total == Decimal("2.5") and figure.unit == "days"
    assert total("expert_question_turnaround", organisation_ids=(w.orgs.authority.pk,)) == Decimal("3.0")
    assert total("expert_question_turnaround", organisation_ids=(w.orgs.funder.pk,)) is None


def test_network_drilldown_only_for_the_owning_organisation(questions):
    w = questions
    assert not engine.drilldown("expert_questions", YEAR, Filters(), w.personas.coordinator).exists()
    asking = member(w.orgs.authority, "analyst", email="analyst@authority.test")
    assert engine.drilldown("expert_questions", YEAR, Filters(), asking).count() == 2
