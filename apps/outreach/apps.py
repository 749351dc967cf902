from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "apps.outreach"
    label = "outreach"
