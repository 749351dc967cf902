"""Jobs of the privacy app. Thin: each calls one service. `organisation_id` only scopes the
job on the jobs page of the organisation's administrators (apps.jobs.selectors)."""

from django_tasks import task


@task()
def run_retention(run_id: int, organisation_id: int | None = None) -> str:
    from apps.privacy.services import retention_run_execute

    return retention_run_execute(run_id)


@task()
def run_erasure(request_id: int, organisation_id: int | None = None) -> str:
    from apps.privacy.erasure import erasure_execute

    return erasure_execute(request_id)


@task()
def queue_daily_retention() -> int:
    """The daily real run of every organisation whose officer switched it on."""
    from apps.privacy.services import retention_daily

    return retention_daily()
