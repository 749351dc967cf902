from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    """The Kompetenzzentrum's network: partner directory, expert questions (Fachanfragen) and
    the knowledge base built from the published answers."""

    name = "apps.network"
    label = "network"
    verbose_name = _("Network")

    def ready(self):
        from apps.core.registry import register_nav_item

        # One entry: the network's page leads to the directory, events, expert questions and
        # the knowledge base (the team lead's menu is long enough already).
        register_nav_item(_("Network"), "network:home", "network.participate", 80)
        # What the app holds of personal data: retention rules, erasure, records of processing.
        from apps.network import privacy

        privacy.register()
