"""Jobs of the duplicate review. Thin: each calls one service."""

from django_tasks import task

from apps.duplicates import services


@task()
def find_duplicates(run_id: int, organisation_id: int) -> str:
    # organisation_id scopes the job on the jobs page (apps.jobs.selectors).
    return services.run_execute(run_id=run_id)
