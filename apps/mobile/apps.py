from django.apps import AppConfig


class MobileConfig(AppConfig):
    name = "apps.mobile"
    label = "mobile"
