"""Jobs of events. Thin: each calls one function of apps.events.mails."""

from datetime import date

from django_tasks import task

from apps.events import mails


@task()
def send_registration_mail(registration_id: int, kind: str, organisation_id: int) -> bool:
    # organisation_id scopes the job on the jobs page (apps.jobs.selectors).
    return mails.send(registration_id, kind)


@task()
def send_event_reminders(day: str) -> int:
    """Remind the registrants of the events on `day` (ISO date); enqueued daily by the scheduler."""
    return mails.send_reminders(date.fromisoformat(day))
