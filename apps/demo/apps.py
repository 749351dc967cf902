from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Fictitious demo data and the load for benchmarks; no models of its own."""

    name = "apps.demo"
    label = "demo"
