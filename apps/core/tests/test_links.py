"""Links that leave the application point to settings.SITE_URL, never to the host a back-office
page was opened under (a QR code printed from http://10.0.0.5:8443 must still work)."""

from django.test import RequestFactory

from apps.core.links import absolute_url, site_url
from apps.events.views.common import base_url_of as event_base_url
from apps.network.views.common import base_url as network_base_url
from apps.outreach.links import base_url_of, portal_materials_url


def test_links_use_site_url_whatever_host_the_request_came_in_under(settings):
    settings.SITE_URL = "https://beratung.example.org/"
    settings.ALLOWED_HOSTS = ["10.0.0.5"]
    request = RequestFactory().get("/outreach/", HTTP_HOST="10.0.0.5:8443")
    assert site_url() == "https://beratung.example.org"
    assert absolute_url("/ar/") == "https://beratung.example.org/ar/"
    for base in (base_url_of(request), event_base_url(request), network_base_url(request)):
        assert base == "https://beratung.example.org"
    assert portal_materials_url(base_url_of(request), "fa") == "https://beratung.example.org/fa/materials/"
