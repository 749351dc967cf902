"""Persons counted by an attribute of their own (sex, nationality) take a semi-join instead of
the per-person grouping: the same persons, each once, also under every filter."""

import pytest

from apps.reports import engine
from apps.reports.engine import Filters
from apps.reports.tests import builders
from apps.reports.tests.builders import TRIER, YEAR, district
from apps.reports.tests.test_indicator_counselling import sessions  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db
world, frozen = builders.world, builders.frozen  # the shared fixtures


def cells(breakdown, **filters):
    return engine.compute("persons_counselled", YEAR, Filters(**filters), breakdown=breakdown).cells


def test_person_attribute_cells_respect_record_filters(sessions):  # noqa: F811
    # The teen was 17 only at s1: under that age filter the teen alone counts, by sex.
    assert cells("sex", age_groups=("under_18",)) == {"male": 1}
    # SY is held by adult (first SY) and old (first AF): each in the cell of the first one.
    assert cells("nationality", nationalities=("SY",)) == {"SY": 1, "AF": 1}
    # Trier's sessions (s1, s2) had adult and teen; the session just before the year does not count.
    assert cells("sex", district_ids=(district(TRIER).pk,)) == {"female": 1, "male": 1}
    assert cells("sex", organisation_ids=(sessions.orgs.iom.pk,), sexes=("diverse",)) == {}


@pytest.mark.parametrize("filters", [
    {}, {"sexes": ("male",)}, {"nationalities": ("AF",)}, {"age_groups": ("18_60", "unknown")},
])
def test_every_breakdown_adds_up_to_the_distinct_persons(sessions, filters):  # noqa: F811
    total = engine.compute("persons_counselled", YEAR, Filters(**filters)).total
    for breakdown in ("sex", "nationality", "age_group", "district"):
        assert sum(cells(breakdown, **filters).values()) == total, breakdown
