"""Jobs in words: the jobs page names each kind of job ("Terminbenachrichtigung senden"), never
the function behind it ("send_appointment_notice"). Keyed by the task function's name, so this
module imports none of the apps that define the tasks (jobs sits below them all);
apps/jobs/tests/test_labels.py fails on a task without a label."""

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

TASK_LABELS = {
    "deliver_message": _("Deliver an e-mail or text message"),
    "expire_exports": _("Delete expired exports"),
    "find_duplicates": _("Search for possible duplicate persons"),
    "expire_subject_access_exports": _("Delete expired subject-access exports"),
    "queue_daily_retention": _("Start the daily retention runs"),
    "render_flyers": _("Produce flyers"),
    "run_erasure": _("Erase a person (data protection)"),
    "run_export": _("Produce an export"),
    "run_retention": _("Run the retention rules"),
    "run_subject_access_export": _("Produce a subject-access export"),
    "send_appointment_notice": _("Send an appointment notice"),
    "send_event_reminders": _("Send event reminders"),
    "send_registration_mail": _("Send an event registration mail"),
    "send_reminders_for": _("Send appointment reminders"),
    "solve_plan": _("Plan counselling tours"),
    "write_audit_checkpoints": _("Seal the audit log (checkpoint)"),
}


def task_label(task_name: str) -> str:
    """The job's name in the user's language; an unknown one humanised, never a dotted path."""
    name = (task_name or "").rsplit(".", 1)[-1]
    label = TASK_LABELS.get(name)
    return str(label) if label else capfirst(name.replace("_", " "))
