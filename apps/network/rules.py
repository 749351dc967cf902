"""Project rules of expert questions: when an answer is due, and how the turnaround is measured.

Rules (docs/operator-guide.md, "Network"): an urgent question is answered within
2 working days, a normal one within 10; working days are Monday to Friday without the
state's public holidays (apps.regions.holidays). Settings may change the numbers
(NETWORK_ANSWER_DAYS_URGENT, NETWORK_ANSWER_DAYS_NORMAL).
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.utils import timezone

from apps.regions.holidays import public_holidays

ANSWER_DAYS_URGENT = 2
ANSWER_DAYS_NORMAL = 10


def answer_days(urgency: str) -> int:
    if urgency == "urgent":
        return int(getattr(settings, "NETWORK_ANSWER_DAYS_URGENT", ANSWER_DAYS_URGENT))
    return int(getattr(settings, "NETWORK_ANSWER_DAYS_NORMAL", ANSWER_DAYS_NORMAL))


def _working(day: date, holidays: dict) -> bool:
    return day.weekday() < 5 and day not in holidays


def add_working_days(start: date, days: int) -> date:
    """The `days`-th working day after `start` (start itself does not count)."""
    holidays = public_holidays(start, start + timedelta(days=days * 2 + 30))
    day, left = start, days
    while left > 0:
        day += timedelta(days=1)
        if _working(day, holidays):
            left -= 1
    return day


def due_on_for(asked_at: datetime, urgency: str) -> date:
    """The last day on which the answer is in time (local dates)."""
    return add_working_days(timezone.localdate(asked_at), answer_days(urgency))


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (0 for the same day)."""
    if end <= start:
        return 0
    holidays = public_holidays(start, end)
    return sum(1 for offset in range(1, (end - start).days + 1)
               if _working(start + timedelta(days=offset), holidays))


@dataclass(frozen=True)
class Turnaround:
    hours: float
    working_days: int


def turnaround(asked_at: datetime, answered_at: datetime | None) -> Turnaround | None:
    """From asking to the first answer: elapsed hours, and working days between the local dates."""
    if answered_at is None:
        return None
    hours = round((answered_at - asked_at).total_seconds() / 3600, 1)
    days = working_days_between(timezone.localdate(asked_at), timezone.localdate(answered_at))
    return Turnaround(hours=max(hours, 0.0), working_days=days)


def is_overdue(question, today: date | None = None) -> bool:
    return question.status == "open" and (today or timezone.localdate()) > question.due_on
