from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "apps.referrals"
    label = "referrals"
    verbose_name = _("Referrals")

    def ready(self):
        from apps.core.registry import register_case_tab, register_home_widget, register_nav_item
        from apps.referrals import widgets

        register_case_tab("referrals", _("Referrals"), "referrals:case_referrals", 70)
        register_nav_item(_("Services"), "referrals:services", None, 40)
        register_nav_item(_("Referral inbox"), "referrals:inbox", "referral.receive", 45)
        register_nav_item(_("My referrals"), "referrals:my_list", "referral.submit", 46)
        register_nav_item(_("Incoming referrals"), "referrals:incoming", "case.write", 47)
        register_home_widget("referrals/_home_waiting.html", widgets.waiting, 50)
        register_home_widget("referrals/_home_overdue.html", widgets.overdue, 51)
        register_home_widget("referrals/_home_inbox.html", widgets.inbox, 52)
        register_home_widget("referrals/_home_incoming.html", widgets.incoming, 53)

        from apps.core.registry import register_timeline_source
        from apps.referrals import timeline

        register_timeline_source(timeline.entries)

        from apps.referrals import privacy

        privacy.register()
