"""Every page of the public portal in a real Chromium, in German and Arabic, at phone width
(390 px) and desktop width (1280 px): axe-core finds no WCAG 2.1 A/AA violation, nothing is
wider than the screen, Arabic is right to left, and browsing sets no cookie. The run saves
screenshots of the portal in German, Arabic and Russian at phone width in var/screenshots/.

The pages come from the `portal` URL namespace itself, so a new page is checked without
anybody remembering to add it here; a page whose URL takes an argument this file does not
know fails with a message saying so.
"""

import re
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.urls import URLPattern, reverse
from django.utils import timezone, translation

from apps.accounts.models import Office
from apps.appointments import services as appointment_services
from apps.appointments.tests.factories import make_day, make_location
from apps.events import services as event_services
from apps.outreach.tests.helpers import make_material
from apps.portal import urls as portal_urls
from apps.portal.models import PortalText
from apps.regions.models import District
from tests.browser.axe import assert_no_violations, axe_violations, format_violations

WESTERWALD = "07143"
PHONE, DESKTOP = 390, 1280
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
# The same page in other states than its bare address: results, a choice between districts.
EXTRA_PAGES = [("portal:find", "?postcode=56410"), ("portal:find", "?postcode=56271")]
# Routes that answer with a file (a certificate, an event's material), not with a page.
FILE_ROUTES = {"event_certificate", "event_material"}


@pytest.fixture
def portal_world(orgs, personas):
    """What the portal shows: a counselling office, the hotline, and public counselling days in the
    Westerwaldkreis and in Trier with free slots, a public booking (its manage link), a
    published material in German, Arabic and Russian, and the hotline's number and hours."""
    Office.objects.create(organisation=orgs.iom, name="Beratungsstelle Montabaur", kind=Office.Kind.OFFICE,
                          street="Bahnhofstraße 10", postcode="56410", city="Montabaur",
                          district=District.objects.get(ags=WESTERWALD))
    # The hotline office tells which organisation takes the callback requests.
    Office.objects.create(organisation=orgs.iom, name="Hotline Rückkehrberatung", kind=Office.Kind.HOTLINE)
    montabaur = make_location(orgs.iom, ags=WESTERWALD, name="Bürgerhaus Montabaur")
    montabaur.postcode, montabaur.city, montabaur.street = "56410", "Montabaur", "Kirchstraße 2"
    montabaur.save()
    day = make_day(montabaur, personas.team_lead, counsellors=[personas.counsellor], slots=4)
    make_day(make_location(orgs.iom), personas.team_lead)
    slots = list(day.slots.order_by("starts_at"))
    appointment, token = appointment_services.appointment_book_public(
        slot=slots[-1], pseudonym="Amal", phone="0151 23456789", language="ar", consent=True)
    make_material(personas.coordinator, orgs.diakonie, title="Rückkehrberatung: frei und vertraulich", texts={
        "de": ("Rückkehrberatung: frei und vertraulich", "Die Beratung ist kostenlos."),
        "ar": ("استشارة العودة: مجانية وسرية", "الاستشارة مجانية."),
        "ru": ("Консультация по возвращению", "Консультация бесплатная."),
    })
    for key, value in (("hotline_number", "+49 800 1234567"), ("imprint", "IOM Rheinland-Pfalz, Mainz")):
        PortalText.objects.create(key=key, language="" if key == "hotline_number" else "de", value=value)
    # An information event of the Kompetenzzentrum with its public link, and a registration (its manage link).
    start = timezone.now().replace(microsecond=0) + timedelta(days=14)
    event = event_services.event_create(actor=personas.coordinator, organisation=orgs.diakonie, data={
        "title": "Infoveranstaltung Rückkehr", "kind": "information", "format": "in_person", "target_group": "public",
        "starts_at": start, "ends_at": start + timedelta(hours=2), "place": "Diakonie Trier", "capacity": 20})
    event = event_services.event_set_status(actor=personas.coordinator, event=event, status="published")
    _registration, participant_token = event_services.registration_create_public(
        event=event, name="Amal", organisation_name="", email="amal@example.org", accessibility_needs="",
        consent=True, language="ar", base_url="http://testserver")
    return SimpleNamespace(day=day, free_slot=slots[0], appointment=appointment, manage_token=token,
                           district=WESTERWALD, signup_token=event.public_token, participant_token=participant_token)


# The event pages need an event and a participant: tests/browser/test_network_a11y.py checks the
# registration and participant pages in German and Arabic; certificate and materials are files.
CHECKED_ELSEWHERE = {"event_register", "event_registration", "event_certificate", "event_material"}


def portal_routes() -> list[URLPattern]:
    return [pattern for pattern in portal_urls.urlpatterns
            if isinstance(pattern, URLPattern) and pattern.name not in CHECKED_ELSEWHERE]


def portal_paths(world, language: str) -> list[str]:
    """The address of every portal page in `language`, its arguments filled from the world."""
    arguments = {"ags": world.district, "slot_id": world.free_slot.pk, "token": world.manage_token,
                 "manage_token": world.manage_token, "signup_token": world.signup_token,
                 "participant_token": world.participant_token}
    paths = []
    with translation.override(language):
        for pattern in portal_routes():
            if pattern.name in FILE_ROUTES:
                continue
            names = list(pattern.pattern.converters)
            unknown = [name for name in names if name not in arguments]
            assert not unknown, f"portal:{pattern.name} takes {unknown}: add a value for it in portal_paths()"
            paths.append(reverse(f"portal:{pattern.name}", kwargs={name: arguments[name] for name in names}))
        paths += [reverse(name) + query for name, query in EXTRA_PAGES]
    return paths


def open_context(browser, live_server, language: str, width: int):
    context = browser.new_context(base_url=live_server.url,
                                  locale={"de": "de-DE", "ar": "ar", "ru": "ru-RU"}[language],
                                  viewport={"width": width, "height": 800})
    # Chromium asks for the site's icon once per browser, in whichever test comes first: that
    # request is answered here, and test_the_icon_a_browser_fetches_sets_no_cookie checks it
    # deterministically, so that which test runs first never decides a result.
    context.route(re.compile(r".*/favicon\.ico$"), lambda route: route.fulfill(status=404, body=""))
    return context


def check_page(page, path: str, language: str, width: int) -> list[str]:
    """What is wrong with the page at `path`: one message per problem (empty when fine)."""
    problems = []
    response = page.goto(path)
    if response is None or response.status != 200:
        return [f"{path}: status {response.status if response else 'none'}"]
    html = page.locator("html")
    if html.get_attribute("lang") != language:
        problems.append(f"{path}: <html lang={html.get_attribute('lang')!r}>, expected {language!r}")
    expected_dir = "rtl" if language in settings.LANGUAGES_BIDI else "ltr"
    if (html.get_attribute("dir") or "ltr") != expected_dir:
        problems.append(f"{path}: <html dir={html.get_attribute('dir')!r}>, expected {expected_dir!r}")
    document_width = page.evaluate("Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)")
    if document_width > width:
        problems.append(f"{path}: the document is {document_width} px wide in a {width} px window")
    violations = axe_violations(page)
    if violations:
        problems.append(f"{path}:\n" + format_violations(violations))
    return problems


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
@pytest.mark.parametrize("language", ["de", "ar"])
def test_every_portal_page_passes_axe_fits_and_sets_no_cookie(browser, live_server, append_only_guard_lifted,
                                                              portal_world, language, width):
    context = open_context(browser, live_server, language, width)
    try:
        page = context.new_page()
        paths = portal_paths(portal_world, language)
        assert len(paths) >= len(portal_routes())
        problems = []
        for path in paths:
            problems += check_page(page, path, language, width)
            # The portal sets no cookie while a visitor only reads (no session, no CSRF cookie).
            if context.cookies():
                problems.append(f"{path} set the cookie(s) {sorted(c['name'] for c in context.cookies())}")
                context.clear_cookies()
        assert not problems, f"{len(problems)} problem(s) at {width} px in {language}:\n" + "\n".join(problems)
    finally:
        context.close()


def test_arabic_is_right_to_left_with_its_own_language(browser, live_server, append_only_guard_lifted, portal_world):
    context = open_context(browser, live_server, "ar", PHONE)
    try:
        page = context.new_page()
        page.goto("/ar/")
        assert page.locator("html[dir=rtl][lang=ar]").count() == 1
        # Logical properties: the text starts on the right.
        assert page.evaluate("getComputedStyle(document.querySelector('main')).direction") == "rtl"
        assert_no_violations(page)
    finally:
        context.close()


def test_screenshots_of_the_portal_in_german_arabic_and_russian(browser, live_server, append_only_guard_lifted,
                                                                portal_world):
    """The acceptance asks the test run to save them: home, find (with results) and booking at 390 px."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pages = {"home": "portal:home", "find": "portal:find", "book": "portal:book"}
    for language in ("de", "ar", "ru"):
        context = open_context(browser, live_server, language, PHONE)
        try:
            page = context.new_page()
            for name, route in pages.items():
                with translation.override(language):
                    path = reverse(route, kwargs={"slot_id": portal_world.free_slot.pk} if name == "book" else {})
                if name == "find":
                    path += "?postcode=56410"
                assert page.goto(path).status == 200
                assert page.locator("html").get_attribute("lang") == language
                target = SCREENSHOTS / f"portal-{language}-{name}-{PHONE}.png"
                page.screenshot(path=str(target), full_page=True)
                assert target.stat().st_size > 1000
                assert re.match(rb"\x89PNG", target.read_bytes()[:4])
        finally:
            context.close()


@pytest.mark.parametrize("language", ["de", "ar"])
def test_form_errors_are_accessible_and_keep_what_was_typed(browser, live_server, append_only_guard_lifted,
                                                            portal_world, settings, language):
    """A form sent with mistakes comes back with an error summary that passes axe, and with
    everything typed still there (the callback form and the booking form)."""
    settings.PORTAL_MIN_FILL_SECONDS = 0
    context = open_context(browser, live_server, language, PHONE)
    try:
        page = context.new_page()
        with translation.override(language):
            callback, book = reverse("portal:callback"), reverse("portal:book", args=[portal_world.free_slot.pk])
        page.goto(callback)
        page.locator("input[name=phone]").fill("12")
        page.locator("input[name=first_name]").fill("Reza")
        page.locator("input[name=window][value=afternoon]").check()
        page.locator("form[method=post] button[type=submit]").click()
        page.locator(".error-summary").wait_for()
        assert page.locator("input[name=phone]").input_value() == "12"
        assert page.locator("input[name=first_name]").input_value() == "Reza"
        assert page.locator("input[name=window][value=afternoon]").is_checked()
        assert page.locator("[aria-invalid=true]").count() >= 2  # the phone number and the consent
        assert_no_violations(page, f"{callback} with errors")

        page.goto(book)
        page.locator("input[name=name]").fill("Amina")
        page.locator("input[name=phone]").fill("0151 98765432")
        page.locator("form[method=post] button[type=submit]").click()
        page.locator(".error-summary").wait_for()
        assert page.locator("input[name=name]").input_value() == "Amina"
        assert page.locator("input[name=phone]").input_value() == "0151 98765432"
        assert_no_violations(page, f"{book} with errors")
    finally:
        context.close()


def test_the_icon_a_browser_fetches_sets_no_cookie(browser, live_server, append_only_guard_lifted, portal_world):
    """A browser fetches the icon a page names, or /favicon.ico when it names none; that too
    must set no cookie (the issue: no cookie before a form is used)."""
    context = browser.new_context(base_url=live_server.url, locale="de-DE")
    try:
        page = context.new_page()
        for path in ("/de/", "/ar/find/"):
            page.goto(path)
            icon = page.evaluate("document.querySelector('link[rel~=icon]')?.href || location.origin + '/favicon.ico'")
            if not icon.startswith("data:"):
                page.request.get(icon)
            assert context.cookies() == [], f"{icon} (the icon of {path}) set {context.cookies()}"
    finally:
        context.close()
