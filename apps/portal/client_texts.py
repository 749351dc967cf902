"""Defaults of editable portal texts that clients read (translated into every client
language; the back-office labels in apps/portal/texts.py are staff strings)."""

from django.utils.translation import gettext_lazy as _

NETWORK_NAME = _("Return Counselling Rhineland-Palatinate")
