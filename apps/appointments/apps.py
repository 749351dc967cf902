from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppointmentsConfig(AppConfig):
    name = "apps.appointments"
    label = "appointments"
    verbose_name = _("Appointments")

    def ready(self):
        from apps.appointments import notices
        from apps.core.registry import register_nav_item
        from apps.mobile import signals

        signals.counselling_day_cancelled.connect(notices.on_day_cancelled, dispatch_uid="appointments.day_cancelled")
        signals.counselling_day_moved.connect(notices.on_day_moved, dispatch_uid="appointments.day_moved")
        register_nav_item(_("Free slots"), "appointments:free", "case.write", 64)
        register_nav_item(_("Calendar links"), "appointments:calendars", "case.read", 65)
        _schedule_reminders()

        from apps.appointments import privacy

        privacy.register()  # its personal data for erasure, subject access and the records of processing


def _schedule_reminders() -> None:
    """Once a day (the first scheduler run after midnight): remind tomorrow's bookings."""
    from datetime import date, timedelta

    from apps.appointments.tasks import send_reminders_for
    from apps.jobs.schedule import daily, register_periodic

    register_periodic("appointment_reminders", send_reminders_for, period=daily,
                      kwargs=lambda key: {"day": (date.fromisoformat(key) + timedelta(days=1)).isoformat()})
