from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "apps.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self):
        from apps.cases.selectors import household_scope
        from apps.core.registry import register_household_scope

        # clients sits below cases: a restricted case hides its household through this scope.
        register_household_scope(household_scope)

        from apps.cases import privacy, retention

        privacy.register()
        retention.register()
