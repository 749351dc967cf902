"""Every portal page, as a visitor on a slow phone fetches it: under 100 KB (HTML, linked
stylesheets, icon and images) and without a cookie.

The routes come from the URL configuration, so a new portal page is measured without
changing this file (a route with a parameter this file cannot fill fails loudly).
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

from apps.appointments import services
from apps.appointments.tests.factories import make_day, make_location
from apps.events.tests.helpers import make_event, register_public
from apps.portal.models import PortalText

pytestmark = pytest.mark.django_db

LIMIT = 100 * 1024
LINKED = re.compile(r'<link\b[^>]*\brel="(?:stylesheet|icon)"[^>]*\bhref="([^"]+)"')
IMAGE = re.compile(r'<img\b[^>]*\bsrc="([^"]+)"')
CSS_URL = re.compile(r'url\(\s*["\']?([^"\')]+)["\']?\s*\)')


def portal_routes() -> list[tuple[str, list[str]]]:
    """(name, parameter names) of every route in the portal namespace."""
    routes = []

    def walk(patterns, namespace=""):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, f"{namespace}{entry.namespace}:" if entry.namespace else namespace)
            elif isinstance(entry, URLPattern) and namespace == "portal:":
                routes.append((entry.name, list(entry.pattern.converters)))

    walk(get_resolver().url_patterns)
    return sorted(routes)


@pytest.fixture
def filled(personas, orgs):
    """Parameter values that make every parametrised portal page a real one."""
    cache.clear()
    location = make_location(orgs.iom, ags="07143", name="Beratungstag Montabaur")
    booked, free = make_day(location, personas.team_lead, slots=2).slots.order_by("starts_at")
    _appointment, token = services.appointment_book_public(
        slot=booked, pseudonym="Size", phone="015123456789", language="ar", consent=True)
    # Realistic texts: long enough to count, as an administrator would enter them.
    PortalText.objects.create(key="hotline_number", language="", value="+49 800 123 45 67")
    PortalText.objects.create(key="hotline_hours", language="de", value="Montag bis Freitag, 9 bis 15 Uhr")
    PortalText.objects.create(key="imprint", language="de", value="Musterverein e. V.\n" * 40)
    # An event with its public registration link, and a registration's manage link.
    event = make_event(personas.coordinator, orgs.diakonie, description="Programme und Beratung " * 20)
    _registration, participant = register_public(event, 1)
    yield {"ags": "07143", "slot_id": free.pk, "manage_token": token, "signup_token": event.public_token,
           "participant_token": participant}
    cache.clear()


def _static_size(url: str) -> int:
    assert url.startswith(settings.STATIC_URL), f"{url}: the portal links nothing outside its own static files"
    path = finders.find(url.removeprefix(settings.STATIC_URL).split("?")[0])
    assert path, f"{url} not found by the static finders"
    size = Path(path).stat().st_size
    if url.endswith(".css"):
        for inner in CSS_URL.findall(Path(path).read_text()):
            if not inner.startswith("data:"):
                size += _static_size(str(Path(url).parent / inner) if not inner.startswith("/") else inner)
    return size


def transfer(client, url: str) -> tuple[int, object]:
    response = client.get(url)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    html = response.content.decode()
    total = len(response.content)
    for linked in set(LINKED.findall(html)) | set(IMAGE.findall(html)):
        total += 0 if linked.startswith("data:") else _static_size(linked)
    return total, response


# Files behind a participant's link (certificate PDF, materials), not pages: their size is the file's.
FILES = {"event_certificate", "event_material"}
ROUTES = [route for route in portal_routes() if route[0] not in FILES]


def test_the_portal_has_its_routes():
    assert {"home", "programmes", "languages", "privacy", "find", "district", "callback"} <= {r[0] for r in ROUTES}


@pytest.mark.parametrize("language", ["de", "ar"])
@pytest.mark.parametrize("name,parameters", ROUTES, ids=[r[0] for r in ROUTES])
def test_every_portal_page_is_under_100_kb_and_sets_no_cookie(client, filled, name, parameters, language):
    missing = [p for p in parameters if p not in filled]
    assert not missing, f"teach test_size.py a value for {missing} of portal:{name}"
    with translation.override(language):
        url = reverse(f"portal:{name}", kwargs={p: filled[p] for p in parameters})
    size, response = transfer(client, url)
    assert size < LIMIT, f"{url}: {size} bytes"
    assert not response.cookies, f"{url} sets {list(response.cookies)}"
    assert not client.cookies
