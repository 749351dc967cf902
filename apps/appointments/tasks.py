"""Jobs of appointments: notices after a day changed, and the daily reminders. Thin: each
calls one function of apps.appointments.notices."""

from datetime import date

from django_tasks import task

from apps.appointments import notices


@task()
def send_appointment_notice(appointment_id: int, kind: str, organisation_id: int) -> None:
    # organisation_id scopes the job on the jobs page (apps.jobs.selectors).
    notices.send_notice(appointment_id, kind)


@task()
def send_reminders_for(day: str) -> int:
    """Remind the holders of bookings on `day` (ISO date); enqueued once a day by the scheduler."""
    return notices.send_reminders(date.fromisoformat(day))
