from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DuplicatesConfig(AppConfig):
    name = "apps.duplicates"
    label = "duplicates"
    verbose_name = _("Duplicate review")

    def ready(self):
        from apps.core.registry import register_nav_item, register_person_badges
        from apps.duplicates.selectors import duplicate_badges

        register_nav_item(_("Duplicates"), "duplicates:review", "person.merge", 66)
        # Beside a household member on the case page: a link to the pair's comparison.
        register_person_badges(duplicate_badges)
