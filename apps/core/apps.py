from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "apps.core"
    label = "core"

    def ready(self):
        from apps.core.metrics import connect_signals
        from apps.core.sessions import connect_session_signals

        connect_signals()
        connect_session_signals()
