"""Signals other apps listen to, so that applications never imports them (layering)."""

from django.dispatch import Signal

# Sent inside the transaction of the departure, with actor, application and departed_on:
# reintegration plans its monitoring visits on it.
application_departed = Signal()
