from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    """Events of the network: exchange meetings, information events, trainings, conferences;
    registration (also by a public link), waiting list, mails with calendar entries,
    attendance, certificates and feedback."""

    name = "apps.events"
    label = "events"
    verbose_name = _("Events")

    def ready(self):
        from datetime import date, timedelta

        from apps.core.exports import register_export
        from apps.core.registry import register_nav_item
        from apps.events.exports import ATTENDANCE_EXPORT
        from apps.events.tasks import send_event_reminders
        from apps.jobs.schedule import daily, register_periodic

        register_nav_item(_("Events"), "events:list", "network.participate", 76)
        register_export(ATTENDANCE_EXPORT)
        # What the app holds of personal data: retention rules, erasure, records of processing.
        from apps.events import privacy

        privacy.register()
        # Once a day: remind the registrants of the events two days ahead.
        register_periodic("event_reminders", send_event_reminders, period=daily,
                          kwargs=lambda key: {"day": (date.fromisoformat(key) + timedelta(days=2)).isoformat()})
