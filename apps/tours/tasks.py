"""Jobs of tour planning. Thin: each calls one service."""

from django_tasks import task

from apps.tours import services


@task()
def solve_plan(plan_id: int, actor_id: int, time_limit: int, organisation_id: int, claim: str = "") -> str:
    # organisation_id scopes the job on the jobs page (apps.jobs.selectors); claim is the
    # request's time, the token under which alone the job may solve (services.plan_solve_run).
    return services.plan_solve_run(plan_id=plan_id, actor_id=actor_id, time_limit=time_limit, claim=claim)
