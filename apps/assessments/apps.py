from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "apps.assessments"
    label = "assessments"
    verbose_name = _("Assessments")

    def ready(self):
        from apps.assessments.selectors import open_vulnerability_badges
        from apps.core.registry import register_case_tab, register_nav_item, register_person_badges

        register_case_tab("assessment", _("Assessment"), "assessments:case_assessment", 25)
        register_case_tab("vulnerabilities", _("Vulnerabilities"), "assessments:case_vulnerabilities", 30)
        register_case_tab("children", _("Children"), "assessments:case_children", 35)
        register_nav_item(_("Lists"), "assessments:taxonomy", "taxonomy.manage", 90)
        register_person_badges(open_vulnerability_badges)

        from apps.assessments import timeline
        from apps.core.registry import register_timeline_source

        register_timeline_source(timeline.entries)

        from apps.assessments import privacy

        privacy.register()
