"""Jobs of outreach. Thin: each calls one service."""

from django_tasks import task

from apps.outreach import services


@task()
def render_flyers(material_id: int, base_url: str, organisation_id: int) -> int:
    # organisation_id scopes the job on the jobs page (apps.jobs.selectors).
    return services.flyers_render_all(material_id=material_id, base_url=base_url)
