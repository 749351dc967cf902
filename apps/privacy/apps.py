from django.apps import AppConfig
from django.db.models.signals import post_migrate
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
        from apps.core.registry import register_nav_item
        from apps.jobs.schedule import daily, register_periodic
        from apps.privacy.services import ensure_rules_after_migrate
        from apps.privacy.tasks import queue_daily_retention

        register_nav_item(_("Data protection"), "privacy:home", "privacy.manage", 92)
        # The default rule of every record type exists once the apps' record types are
        # registered (they are, by the time any migrate ends).
        post_migrate.connect(ensure_rules_after_migrate, sender=self, dispatch_uid="privacy_rules_ensure")
        register_periodic("retention_daily", queue_daily_retention, period=daily, kwargs=lambda key: {})
        # access-export: the subject-access exports' hourly expiry (apps.privacy.tasks_access), and
        # the pages of the subject-access export and the records of processing.
        from apps.privacy import tasks_access

        tasks_access.register()
        register_nav_item(_("Subject access"), "privacy:access", "privacy.erase", 93)
        register_nav_item(_("Records of processing"), "privacy:processing", "privacy.manage", 94)
        # sources-network: the record types of accounts, audit and jobs, which sit below privacy
        # and so cannot register themselves (apps.privacy.lower_apps).
        from apps.privacy import lower_apps

        lower_apps.register()
