"""The service level "called back within one working day" (weekends and RLP holidays do not count)."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from apps.regions.holidays import is_public_holiday


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and not is_public_holiday(day)


def next_working_day(day: date) -> date:
    """The first working day strictly after `day`."""
    day += timedelta(days=1)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def due_at_for(requested_at: datetime) -> datetime:
    """The end of the next working day after the request (local time): a request on Friday
    afternoon is due by Monday evening, one on Maundy Thursday by the Tuesday after Easter."""
    local_day = timezone.localtime(requested_at).date()
    end_day = next_working_day(local_day) + timedelta(days=1)
    return timezone.make_aware(datetime.combine(end_day, time.min))
