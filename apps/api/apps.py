from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "apps.api"
    label = "api"

    def ready(self):
        from apps.accounts.extensions import ApiTokens, register_api_tokens
        from apps.api import services

        # The profile and the administrators' member pages list and revoke tokens (accounts
        # sits below api and cannot import it).
        register_api_tokens(ApiTokens(
            tokens_of=services.api_tokens_of, create=services.api_token_create_for_page,
            revoke=services.api_token_revoke_by_id,
        ))
