from django.core import mail
from django.urls import reverse

from apps.appointments.tasks import send_appointment_notice
from apps.audit.models import AuditEntry
from apps.jobs.models import OutboundMessage
from apps.jobs.tasks import write_audit_checkpoints
from apps.jobs.testing import queued_tasks, run_jobs
from apps.tours.tasks import solve_plan
from tests.factories import member

LIST = reverse("jobs:list")


def failed_message(organisation_id, capture, to="holder@example.org"):
    from apps.jobs.tests.test_services import queue_mail

    message = queue_mail(capture, to=to, organisation_id=organisation_id)
    OutboundMessage.objects.filter(pk=message.pk).update(status="failed", attempts=6,
                                                         last_error="SMTPServerDisconnected: gone")
    return message


def failed_job(organisation_id, capture):
    with capture(execute=True):
        result = send_appointment_notice.enqueue(appointment_id=0, kind="moved", organisation_id=organisation_id)
    run_jobs()  # no such appointment: the job fails
    return result


def test_no_mail_is_sent_inside_a_request_it_waits_for_the_worker(client, personas,
                                                                 django_capture_on_commit_callbacks):
    """Acceptance of issue 9: with no worker running the request returns and the job waits."""
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:password_reset"), {"email": "counsellor@iom.test"})
    assert response.status_code == 302 and not mail.outbox
    assert queued_tasks("apps.jobs.tasks.deliver_message").count() == 1
    assert OutboundMessage.objects.get().status == "pending"
    run_jobs()  # the worker comes
    assert [m.to for m in mail.outbox] == [["counsellor@iom.test"]]


def test_the_administrator_sees_failed_messages_and_jobs_and_runs_them_again(
        client, personas, orgs, django_capture_on_commit_callbacks):
    message = failed_message(orgs.iom.pk, django_capture_on_commit_callbacks)
    job = failed_job(orgs.iom.pk, django_capture_on_commit_callbacks)
    client.force_login(personas.iom_admin)
    assert f'href="{LIST}"' in client.get(reverse("cases:home")).text  # in the navigation
    page = client.get(LIST).text
    assert "h…@example.org" in page and "SMTPServerDisconnected: gone" in page
    assert "Send an appointment notice" in page and "DoesNotExist" in page
    assert "holder@example.org" not in page and "Dear" not in page  # no address, no text
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("jobs:message_retry", args=[message.pk])).url == LIST
    run_jobs()
    assert [m.to for m in mail.outbox] == [["holder@example.org"]]
    client.post(reverse("jobs:task_retry", args=[job.id]))
    assert queued_tasks("apps.appointments.tasks.send_appointment_notice").count() == 1
    assert AuditEntry.objects.filter(action="job.retried", actor=personas.iom_admin).exists()
    assert "No failed messages." in client.get(LIST).text


def test_a_sign_in_mail_is_seen_by_the_administrators_of_the_recipients_organisations(
        client, personas, orgs, django_capture_on_commit_callbacks):
    failed_message(None, django_capture_on_commit_callbacks, to="counsellor@iom.test")
    client.force_login(personas.iom_admin)
    assert "c…@iom.test" in client.get(LIST).text
    client.force_login(member(orgs.diakonie, "org_admin", email="admin@diakonie.test"))
    assert "c…@iom.test" not in client.get(LIST).text


def test_other_organisations_and_roles_get_nothing(client, personas, orgs, django_capture_on_commit_callbacks):
    message = failed_message(orgs.iom.pk, django_capture_on_commit_callbacks)
    job = failed_job(orgs.iom.pk, django_capture_on_commit_callbacks)
    client.force_login(personas.counsellor)
    assert client.get(LIST).status_code == 403
    assert client.post(reverse("jobs:message_retry", args=[message.pk])).status_code == 403
    client.force_login(member(orgs.diakonie, "org_admin", email="admin@diakonie.test"))
    page = client.get(LIST).text
    assert "h…@example.org" not in page and "DoesNotExist" not in page
    assert client.post(reverse("jobs:message_retry", args=[message.pk])).status_code == 404
    assert client.post(reverse("jobs:task_retry", args=[job.id])).status_code == 404
    assert OutboundMessage.objects.get().status == "failed"
    client.logout()
    assert client.get(LIST).status_code == 302


def test_retrying_a_message_that_has_not_failed_is_refused(client, personas, orgs,
                                                         django_capture_on_commit_callbacks):
    from apps.jobs.tests.test_services import queue_mail

    message = queue_mail(django_capture_on_commit_callbacks, organisation_id=orgs.iom.pk)
    client.force_login(personas.iom_admin)
    response = client.post(reverse("jobs:message_retry", args=[message.pk]), follow=True)
    assert "Only a failed message can be sent again." in response.text


def test_network_wide_jobs_show_their_status_only_and_cannot_be_run_again_from_the_page(
        client, personas, orgs, django_capture_on_commit_callbacks, monkeypatch):
    from apps.audit import chain

    def broken():
        raise RuntimeError("chain of organisation 7 broken at entry 4711")

    monkeypatch.setattr(chain, "create_checkpoints", broken)
    with django_capture_on_commit_callbacks(execute=True):
        network_wide = write_audit_checkpoints.enqueue()
    run_jobs()
    client.force_login(personas.iom_admin)
    page = client.get(LIST).text
    assert "Seal the audit log (checkpoint)" in page and "Network-wide job" in page
    assert "write_audit_checkpoints" not in page
    assert "entry 4711" not in page and "RuntimeError" not in page
    assert reverse("jobs:task_retry", args=[network_wide.id]) not in page
    assert client.post(reverse("jobs:task_retry", args=[network_wide.id])).status_code == 404
    assert not queued_tasks().exists()


def test_a_failed_tour_solve_is_started_again_on_the_plan_page_not_from_the_jobs_page(
        client, personas, orgs, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = solve_plan.enqueue(plan_id=0, actor_id=0, time_limit=1, organisation_id=orgs.iom.pk, claim="x")
    run_jobs()  # invalid claim: the job fails
    client.force_login(personas.iom_admin)
    page = client.get(LIST).text
    assert "Plan counselling tours" in page and "Start it again where it was started." in page
    assert "solve_plan" not in page
    assert reverse("jobs:task_retry", args=[job.id]) not in page
    assert client.post(reverse("jobs:task_retry", args=[job.id])).status_code == 404
