"""The service level "called back within one working day": weekends and RLP holidays do not count."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from apps.hotline.servicelevel import due_at_for, is_working_day, next_working_day
from apps.regions.holidays import public_holidays

BERLIN = ZoneInfo("Europe/Berlin")


def _due(*args):
    return due_at_for(datetime(*args, tzinfo=BERLIN)).astimezone(BERLIN)


@pytest.mark.parametrize("requested,due", [
    ((2026, 12, 1, 10, 0), (2026, 12, 3)),    # Tuesday → end of Wednesday
    ((2026, 12, 4, 16, 30), (2026, 12, 8)),   # Friday → end of Monday
    ((2026, 12, 5, 11, 0), (2026, 12, 8)),    # Saturday → end of Monday
    ((2026, 12, 23, 9, 0), (2026, 12, 25)),   # Wednesday → end of 24 December (a working day in RLP)
    ((2026, 12, 24, 12, 0), (2026, 12, 29)),  # Christmas Eve → 25, 26 and Sunday are off → end of Monday 28
    ((2027, 5, 5, 10, 0), (2027, 5, 8)),      # the day before Ascension → end of Friday 7 May
    ((2027, 3, 25, 10, 0), (2027, 3, 31)),    # Maundy Thursday → Good Friday, Easter, Easter Monday → Tuesday
    ((2027, 5, 26, 18, 0), (2027, 5, 29)),    # before Corpus Christi (a holiday in RLP) → end of Friday
    ((2026, 12, 1, 23, 59), (2026, 12, 3)),   # late at night still counts for its own day
])
def test_due_is_the_end_of_the_next_working_day(requested, due):
    assert _due(*requested) == datetime(*due, 0, 0, tzinfo=BERLIN)


def test_the_holidays_used_are_the_real_rlp_ones():
    holidays = public_holidays(date(2027, 1, 1), date(2027, 12, 31))
    assert date(2027, 5, 6) in holidays and date(2027, 5, 27) in holidays  # Ascension, Corpus Christi
    assert date(2027, 11, 1) in holidays  # All Saints' Day, a holiday in RLP
    assert not is_working_day(date(2027, 5, 6)) and next_working_day(date(2027, 5, 5)) == date(2027, 5, 7)
