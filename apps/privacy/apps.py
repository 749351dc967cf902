from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """Data protection through the whole life of a record: retention rules and the daily
    retention run, legal holds, erasure on request (Art. 17 GDPR, with a two-person rule),
    the subject-access export (Art. 15/20) and the records of processing (Art. 30).

    privacy sits in L1: it knows no app above it. Apps that hold personal data register
    what they hold in `apps.privacy.registry` from their own `ready()` (their `privacy.py`).
    """

    name = "apps.privacy"
    label = "privacy"
    verbose_name = _("Data protection")

    def ready(self):
        # access-export: the subject-access exports' hourly expiry (apps.privacy.tasks_access).
        from apps.privacy import tasks_access

        tasks_access.register()
