from django.apps import AppConfig


class HotlineConfig(AppConfig):
    name = "apps.hotline"
    label = "hotline"
