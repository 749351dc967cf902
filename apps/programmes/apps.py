from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "apps.programmes"
    label = "programmes"
    verbose_name = _("Programmes")

    def ready(self):
        from apps.core.registry import register_case_tab, register_nav_item

        register_case_tab("eligibility", _("Programmes"), "programmes:case_eligibility", 50)
        register_nav_item(_("Programmes"), "programmes:list", "programme.manage", 88)
