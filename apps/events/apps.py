from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    """Events of the network: exchange meetings, information events, trainings, conferences;
    registration (also by a public link), waiting list, mails with calendar entries,
    attendance, certificates and feedback."""

    name = "apps.events"
    label = "events"
    verbose_name = _("Events")
