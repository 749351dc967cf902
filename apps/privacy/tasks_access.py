"""Jobs of the subject-access export. Thin: each calls one service (apps.privacy.subject_access)."""

from django_tasks import task


@task()
def run_subject_access_export(export_id: int, organisation_id: int | None = None) -> str:
    """Write one subject-access export; organisation_id only scopes the jobs page."""
    from apps.privacy.subject_access import access_export_run

    return access_export_run(export_id=export_id)


@task()
def expire_subject_access_exports() -> int:
    """Delete the files of subject-access exports past their retention."""
    from apps.privacy.subject_access import access_exports_expire

    return access_exports_expire()


def register() -> None:
    """The hourly expiry, called from PrivacyConfig.ready()."""
    from apps.jobs.exports import hourly
    from apps.jobs.schedule import register_periodic

    register_periodic("privacy.expire_access_exports", expire_subject_access_exports, period=hourly,
                      kwargs=lambda key: {})
