"""Slots of a counselling day: a pure function of the day's window, slot length and buffer."""

from datetime import date, datetime, time, timedelta, tzinfo


def slot_count(window_minutes: int, slot_minutes: int, buffer_minutes: int) -> int:
    """How many slots fit: n slots need n·slot + (n−1)·buffer minutes, so
    n = ⌊(window + buffer) / (slot + buffer)⌋ (0 when the window is shorter than a slot)."""
    if window_minutes < slot_minutes:
        return 0
    return (window_minutes + buffer_minutes) // (slot_minutes + buffer_minutes)


def generate_slots(day: date, starts_at: time, ends_at: time, slot_minutes: int, buffer_minutes: int,
                   tz: tzinfo) -> list[tuple[datetime, datetime]]:
    """The (start, end) pairs of the slots of one day, in wall-clock time of `tz`: the first
    starts with the window, each is `slot_minutes` long, `buffer_minutes` lie between two,
    and the last ends within the window. No slots for an empty or too short window."""
    if slot_minutes < 1 or buffer_minutes < 0:
        raise ValueError("slot_minutes must be positive and buffer_minutes not negative")
    window = (datetime.combine(day, ends_at) - datetime.combine(day, starts_at)) // timedelta(minutes=1)
    first = datetime.combine(day, starts_at)
    slots = []
    for n in range(slot_count(window, slot_minutes, buffer_minutes)):
        start = first + timedelta(minutes=n * (slot_minutes + buffer_minutes))
        slots.append((start.replace(tzinfo=tz), (start + timedelta(minutes=slot_minutes)).replace(tzinfo=tz)))
    return slots
