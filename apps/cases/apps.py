from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "apps.cases"
    label = "cases"

    def ready(self):
        from apps.cases.selectors import household_scope
        from apps.core.registry import register_household_scope

        # clients sits below cases: a restricted case hides its household through this scope.
        register_household_scope(household_scope)

        from apps.cases import privacy, retention

        privacy.register()
        retention.register()
