from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosuresConfig(AppConfig):
    name = "apps.disclosures"
    label = "disclosures"
    verbose_name = _("Disclosures")

    def ready(self):
        from apps.core.registry import register_case_tab, register_home_widget, register_nav_item
        from apps.disclosures import fields, widgets  # noqa: F401  (fields registers the base fields)

        register_case_tab("disclosures", _("Disclosures"), "disclosures:case_disclosures", 65)
        register_nav_item(_("Disclosures"), "disclosures:inbox", "disclosure.receive", 48)
        register_home_widget("disclosures/_home_authority.html", widgets.authority_inbox, 54)
        register_home_widget("disclosures/_home_questions.html", widgets.questions_to_answer, 55)

        from apps.core.registry import register_timeline_source
        from apps.disclosures import timeline

        register_timeline_source(timeline.entries)

        from apps.disclosures import privacy

        privacy.register()
