from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "apps.accounts"
    label = "accounts"

    def ready(self):
        from apps.accounts import selectors, signals  # noqa: F401
        from apps.core.hooks import register_access

        # core sits below accounts and asks its permission questions through this hook.
        register_access(
            has_perm=selectors.user_has_perm,
            permissions_of=selectors.permissions_of,
            requires_second_factor=selectors.requires_second_factor,
        )
