"""The data protection officer's pages under /privacy/.

Two parts with their own URL lists: retention, legal holds and erasure (`urls_retention`);
subject-access exports and the records of processing (`urls_access`)."""

from apps.privacy.urls_access import urlpatterns as access_urls
from apps.privacy.urls_retention import urlpatterns as retention_urls

app_name = "privacy"
urlpatterns = retention_urls + access_urls
