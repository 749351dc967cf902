from django.apps import AppConfig


class ClientsConfig(AppConfig):
    name = "apps.clients"
    label = "clients"

    def ready(self):
        from apps.clients import privacy

        privacy.register()
