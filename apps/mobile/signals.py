"""Signals of mobile counselling that higher apps (appointments) listen to."""

from django.dispatch import Signal

# Sent inside the transaction, with actor, day (the cancelled day) and reason.
counselling_day_cancelled = Signal()
# Sent inside the transaction, with actor, old_day (cancelled) and new_day (its replacement).
counselling_day_moved = Signal()
