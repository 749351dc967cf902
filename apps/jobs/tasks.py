"""Jobs of the outbox. Thin: each calls one service."""

from django_tasks import task

from apps.jobs import services


@task()
def deliver_message(message_id: int) -> str:
    return services.message_deliver(message_id=message_id)
