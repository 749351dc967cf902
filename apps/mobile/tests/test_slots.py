from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from apps.mobile.slots import generate_slots, slot_count

BERLIN = ZoneInfo("Europe/Berlin")


def test_a_morning_with_45_minute_slots_and_15_minute_buffers_has_three_slots():
    slots = generate_slots(date(2026, 3, 3), time(9), time(12), 45, 15, BERLIN)
    assert [(s.strftime("%H:%M"), e.strftime("%H:%M")) for s, e in slots] == [
        ("09:00", "09:45"), ("10:00", "10:45"), ("11:00", "11:45")]
    assert all(s.tzinfo is BERLIN for s, _e in slots)


def test_the_last_slot_may_end_exactly_with_the_window():
    slots = generate_slots(date(2026, 3, 3), time(9), time(10, 45), 45, 15, BERLIN)
    assert len(slots) == 2 and slots[-1][1].time() == time(10, 45)


def test_a_window_shorter_than_a_slot_or_reversed_has_no_slots():
    assert generate_slots(date(2026, 3, 3), time(9), time(9, 30), 45, 15, BERLIN) == []
    assert generate_slots(date(2026, 3, 3), time(12), time(9), 45, 15, BERLIN) == []


def test_a_slot_length_of_zero_is_refused():
    with pytest.raises(ValueError):
        generate_slots(date(2026, 3, 3), time(9), time(12), 0, 15, BERLIN)


times = st.times().map(lambda t: t.replace(second=0, microsecond=0, tzinfo=None))


@given(day=st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)), start=times, end=times,
       slot=st.integers(1, 240), buffer=st.integers(0, 120))
def test_slots_never_overlap_stay_in_the_window_and_follow_the_count_formula(day, start, end, slot, buffer):
    slots = generate_slots(day, start, end, slot, buffer, BERLIN)
    window = max(0, (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute))
    assert len(slots) == (0 if window < slot else (window + buffer) // (slot + buffer))
    assert len(slots) == slot_count(window, slot, buffer)
    for (_s1, e1), (s2, _e2) in zip(slots, slots[1:], strict=False):
        assert e1 + timedelta(minutes=buffer) <= s2  # same zone: wall-clock comparison
    for s, e in slots:
        assert s.date() == day and e.date() == day
        assert start <= s.time() and e.time() <= end
        assert (e.replace(tzinfo=None) - s.replace(tzinfo=None)) == timedelta(minutes=slot)
    if slots:  # one more slot would not fit
        last_end = slots[-1][1].replace(tzinfo=None)
        assert last_end + timedelta(minutes=buffer + slot) > datetime.combine(day, end)
