from django.apps import AppConfig


class ToursConfig(AppConfig):
    name = "apps.tours"
    label = "tours"
