from django.apps import AppConfig


class ReintegrationConfig(AppConfig):
    name = "apps.reintegration"
    label = "reintegration"
