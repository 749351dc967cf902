from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

from apps.core.views import set_language

urlpatterns = [
    path("", include("apps.cases.urls")),
    path("", include("apps.core.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("accounts/", include("apps.accounts.urls")),
    path("clients/", include("apps.clients.urls")),
    path("audit/", include("apps.audit.urls")),
    path("", include("apps.assessments.urls")),
    path("", include("apps.referrals.urls")),
    path("", include("apps.countryinfo.urls")),
    path("", include("apps.disclosures.urls")),
    path("", include("apps.programmes.urls")),
    path("", include("apps.applications.urls")),
    path("", include("apps.reintegration.urls")),
    path("", include("apps.mobile.urls")),
    path("", include("apps.tours.urls")),
    path("", include("apps.appointments.urls")),
    path("", include("apps.jobs.urls")),
    path("privacy/", include("apps.privacy.urls")),
    path("", include("apps.hotline.urls")),
    path("", include("apps.outreach.urls")),
    path("", include("apps.events.urls")),
    path("", include("apps.network.urls")),
    path("", include("apps.duplicates.urls")),
    path("", include("apps.reports.urls")),
    path("", include("apps.portal.urls_manage")),
    path("api/v1/", include("apps.api.urls")),
]
# Not found: the portal's own page (no cookie) under a language prefix, else the back office's.
handler404 = "apps.portal.http.not_found"
# The public portal: every page under its language (/de/…, /ar/…), see docs/architecture.md.
urlpatterns += i18n_patterns(path("", include("apps.portal.urls")))
