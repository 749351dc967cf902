from django.apps import AppConfig


class CountryinfoConfig(AppConfig):
    name = "apps.countryinfo"
    label = "countryinfo"
