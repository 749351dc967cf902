from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CountryinfoConfig(AppConfig):
    name = "apps.countryinfo"
    label = "countryinfo"
    verbose_name = _("Country information")

    def ready(self):
        from apps.core.registry import register_case_tab, register_nav_item

        register_case_tab("countryinfo", _("Country information"), "countryinfo:case_countryinfo", 75)
        register_nav_item(_("Country information"), "countryinfo:knowledge", "case.read", 50)
        # Maintainers of the directory (network coordinators) do not read cases, so the
        # directory they edit needs its own entry.
        register_nav_item(_("Country contacts"), "countryinfo:contact_manage", "directory.manage", 56)

        from apps.core.registry import register_consent_recipients
        from apps.countryinfo.recipients import ORIGIN_PARTNERS

        register_consent_recipients(ORIGIN_PARTNERS)

        from apps.countryinfo import privacy

        privacy.register()  # its personal data for erasure, subject access and the records of processing
