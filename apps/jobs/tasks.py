"""Jobs of the outbox. Thin: each calls one service."""

import logging

from django_tasks import task

from apps.jobs import services

logger = logging.getLogger(__name__)


@task()
def deliver_message(message_id: int) -> str:
    return services.message_deliver(message_id=message_id)


@task()
def write_audit_checkpoints() -> int:
    """Sign what the audit log received since the last checkpoints (apps.audit.chain)."""
    from apps.audit.chain import create_checkpoints

    checkpoints = create_checkpoints()
    for checkpoint in checkpoints:
        # The digests in the worker's journal, outside the database, also reveal a checkpoint
        # that was later removed together with the entries it covered.
        logger.info("audit checkpoint %s of organisation %s covers entries %s-%s, digest %s", checkpoint.pk,
                    checkpoint.chain, checkpoint.first_id, checkpoint.last_id, checkpoint.digest)
    return len(checkpoints)


@task()
def run_export(export_id: int, organisation_id: int | None = None) -> str:
    """Write one requested export (apps.jobs.exports); organisation_id only scopes the jobs page."""
    from apps.jobs.exports import export_run

    return export_run(export_id=export_id)


@task()
def expire_exports() -> int:
    """Delete the files of exports past their retention (settings.EXPORT_RETENTION_DAYS)."""
    from apps.jobs.exports import exports_expire

    return exports_expire()
