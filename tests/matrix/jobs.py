"""Objects of this app for the authorisation matrix (see tests/test_authorisation_matrix.py).

A failed e-mail of IOM in the outbox and a queued IOM job (an appointment notice; the matrix
never runs the queue, so it stays queued): jobs.manage in IOM sees and retries them, every other
persona is refused."""

from datetime import timedelta

from django.core.mail import send_mail
from django.utils import timezone

from apps.appointments.tasks import send_appointment_notice
from apps.jobs.models import OutboundMessage
from apps.jobs.services import sending_for
from tests.test_authorisation_matrix import Scope, Target


def extend(world) -> Scope:
    iom = world.orgs.iom
    with sending_for(organisation_id=iom.pk, purpose="matrix"):
        send_mail("Subject", "Body", None, ["someone@example.org"])
    message = OutboundMessage.objects.latest("pk")
    OutboundMessage.objects.filter(pk=message.pk).update(status=OutboundMessage.Status.FAILED, attempts=6)
    result = send_appointment_notice.using(run_after=timezone.now() + timedelta(days=1)).enqueue(
        appointment_id=0, kind="moved", organisation_id=iom.pk)
    return Scope(
        prefixes={"jobs/messages/": Target(message, iom, read="jobs.manage", write="jobs.manage")},
        values={"result_id": Target(result.db_result, iom, read="jobs.manage", write="jobs.manage")},
    )
