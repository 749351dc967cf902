"""Public holidays of the state (the `holidays` library; RLP is the shipped default)."""

from datetime import date
from functools import lru_cache

import holidays
from django.conf import settings


@lru_cache(maxsize=32)
def _calendar(subdivision: str, year: int) -> dict[date, str]:
    return dict(holidays.Germany(subdiv=subdivision, years=year, language="de"))


def public_holidays(start: date, end: date) -> dict[date, str]:
    """Holidays between start and end (inclusive) with their German names."""
    subdivision = getattr(settings, "HOLIDAY_SUBDIVISION", "RP")
    found = {}
    for year in range(start.year, end.year + 1):
        found.update({day: name for day, name in _calendar(subdivision, year).items() if start <= day <= end})
    return found


def is_public_holiday(day: date) -> bool:
    return day in public_holidays(day, day)
