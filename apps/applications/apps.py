from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "apps.applications"
    label = "applications"
    verbose_name = _("Programme applications")

    def ready(self):
        from apps.core.registry import register_case_tab, register_nav_item

        register_case_tab("application", _("Application"), "applications:case_application", 55)
        register_nav_item(_("Applications"), "applications:overview", "case.assign", 49)

        from apps.applications import timeline
        from apps.core.registry import register_timeline_source

        register_timeline_source(timeline.entries)

        from apps.disclosures.fields import register_disclosable_field

        # What the authority needs to coordinate: programme, who travels, status, departure.
        register_disclosable_field("application", _("Return programme application"), _application_summary)

        from apps.applications import privacy

        privacy.register()  # its personal data for erasure, subject access and the records of processing


def _application_summary(case, person) -> str:
    """Programme, status, how many travel and when; no names: those are the separate fields
    "name" and "household members", disclosed only when chosen."""
    from django.utils.translation import ngettext

    from apps.applications.selectors import applications_of

    application = applications_of(case).exclude(status="withdrawn").first()
    if application is None:
        return ""
    count = application.members.count()
    travellers = ngettext("%(count)d person travelling", "%(count)d persons travelling", count) % {"count": count}
    travel = getattr(application, "travel", None)
    departure = f" · {travel.departure_date:%d.%m.%Y}" if travel and travel.departure_date else ""
    return f"{application.programme_version} · {application.get_status_display()} · {travellers}{departure}"
