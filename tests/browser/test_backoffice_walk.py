"""Every back-office page of every persona, in Chromium (issue 12 §1).

The pages come from the URL resolver, filled with the objects of the authorisation matrix's
world (tests/test_authorisation_matrix.py): a page added later is walked without touching
this file. A page is every GET route a persona opens with 200 and HTML, except the portal
(its own tests), the API, the language switch, sign-out, calendar feeds and file downloads.

Every persona walks every one of its pages in German at 1280 px and at 390 px: the document
must never be wider than the viewport. To keep CI time down, axe-core (WCAG 2.1 A/AA) runs
once per route and language, not once per persona: German at 1280 px, English at 390 px (the
first persona that opens the route), plus every persona's home page (its menu differs). The
English pass checks the width at 390 px too, as English words differ in length. The
counsellor's case pages must each have a title of their own.

Measured: about 560 pages (170 routes) of 12 personas; 6 to 9.5 minutes on a 2-core machine
under a load of 8 to 10 (other test runs beside it), so a few minutes on an idle CI machine. It runs on SQLite only (see
the skip reason). A keyboard journey follows: case list → case → failed session form.
"""

import time

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import Error as PlaywrightError

from tests.browser.axe import axe_violations, format_violations, resize
from tests.test_authorisation_matrix import WEB_ROUTES, expected, fill, scope, world  # noqa: F401 - fixtures

PHONE, DESKTOP = 390, 1280
PERSONAS = ["counsellor", "counsellor_speyer", "team_lead", "hotline", "iom_dpo", "iom_admin", "network_admin",
            "diakonie_counsellor", "coordinator", "authority", "partner", "statistics"]
# Not back-office pages: the portal (tests/browser/test_portal_*), machine interfaces, and
# routes that end the session or switch the language.
SKIPPED_NAMESPACES = ("portal:",)
SKIPPED_NAMES = {"accounts:logout", "accounts:logout_all", "set_language", "core:health", "core:ready",
                 "core:metrics", "appointments:manage"}

OVERFLOW_JS = """limit => {
    const clipped = el => { for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        if (getComputedStyle(p).overflowX !== 'visible') return true; } return false; };
    const out = [...document.querySelectorAll('body *')].filter(el => el.getBoundingClientRect().right > limit
        && (getComputedStyle(el).position === 'absolute' || !clipped(el)));
    return out.filter(el => !out.some(other => other !== el && el.contains(other))).slice(0, 4)
        .map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
                   + (typeof el.className === 'string' && el.className ? '.' + el.className : '')
                   + ' ' + Math.round(el.getBoundingClientRect().right));
}"""
# Checks axe leaves out: references to missing ids, and sideways scrolling without keyboard access.
DANGLING_JS = """() => [...document.querySelectorAll('[aria-describedby], [aria-labelledby]')].flatMap(el =>
    ['aria-describedby', 'aria-labelledby'].flatMap(attr => (el.getAttribute(attr) || '').split(/\\s+/)
        .filter(id => id && !document.getElementById(id)).map(id => `${el.tagName.toLowerCase()}[${attr}=${id}]`)))"""
# After a resize the page's own resize handlers run first (returnnet.js makes a box that
# scrolls focusable): they run before the next animation frame.
STUCK_JS = """async () => { await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
    return [...document.querySelectorAll('body *')].filter(el =>
    ['auto', 'scroll'].includes(getComputedStyle(el).overflowX) && el.scrollWidth > el.clientWidth + 1
    && el.tabIndex < 0 && !el.querySelector('a[href], button, input, select, textarea, [tabindex]'))
    .map(el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : '')) }"""


def candidates(persona: str, world, scope) -> list[tuple[str, str]]:  # noqa: F811
    """(route name, path) of every back-office route the matrix's rules let the persona open."""
    routes = []
    for name, pattern, callback in WEB_ROUTES:
        if name in SKIPPED_NAMES or name.startswith(SKIPPED_NAMESPACES) or pattern.endswith(".ics"):
            continue
        path, target = fill(pattern, scope)
        if expected(callback.access_policy, persona, target, world) & {200}:
            routes.append((name, path))
    return routes


def open_page(page, path: str, not_pages: set) -> bool:
    """Load the path; whether it is a back-office page (not a download, a redirect, a
    POST-only route or a fragment). A download is one for every persona: `not_pages`
    remembers it, so that the next persona does not fetch the file again."""
    if path in not_pages:
        return False
    try:
        response = page.goto(path)
    except PlaywrightError as error:
        # A download, or an answer without a body (405 for a POST-only route): Chromium
        # aborts the navigation or shows its own error page.
        if "Download is starting" in str(error):
            not_pages.add(path)
        return False
    if response is not None and response.status >= 500:
        # Once more: the live server's shared in-memory SQLite database can refuse a request
        # that overlaps a background poll of the page before ("database table is locked").
        response = page.goto(path)
    assert response is None or response.status < 500, f"{path}: {response.status}"
    return (response is not None and response.status == 200 and response.request.redirected_from is None
            and response.headers.get("content-type", "").startswith("text/html")
            and page.locator("header.topbar").count() == 1)


def too_wide(page, width: int) -> str | None:
    resize(page, width, 900)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    inner = page.evaluate("innerWidth")
    if scroll_width > inner:
        return f"{scroll_width} px wide at {width} px: {page.evaluate(OVERFLOW_JS, inner)}"
    return None


def check(page, path: str, language: str, widths: list[int], axe_at: int | None) -> list[str]:
    """The loaded page's problems at each width; axe and the id references at `axe_at`."""
    problems = []
    for width in widths:
        if (wide := too_wide(page, width)) is not None:
            problems.append(f"{path} ({language}): {wide}")
        if width == axe_at:
            if violations := axe_violations(page):
                problems.append(f"{path} ({language}, {width} px):\n" + format_violations(violations))
            if dangling := page.evaluate(DANGLING_JS):
                problems.append(f"{path}: references to missing ids: {dangling}")
        if width == PHONE and (stuck := page.evaluate(STUCK_JS)):
            problems.append(f"{path}: scrolls sideways at {PHONE} px without keyboard access: {stuck}")
    return problems


def signed_in_context(browser, live_server, client, user, locale: str):
    client.force_login(user)
    context = browser.new_context(base_url=live_server.url, locale=locale)
    context.set_default_timeout(10_000)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}])
    return context


@pytest.mark.skipif(connection.vendor == "postgresql", reason="layout and accessibility do not depend on the "
                    "database; CI runs the suite on SQLite and PostgreSQL, and the walk once is enough")
def test_every_back_office_page_fits_both_widths_and_passes_axe(browser, live_server, append_only_guard_lifted,
                                                                 world, scope):  # noqa: F811
    started = time.monotonic()
    client = Client()
    axed, titles, not_pages = set(), {}, set()
    problems, walked = [], 0
    for persona in PERSONAS:
        user = getattr(world.personas, persona)
        user = type(user).objects.get(pk=user.pk)
        todo_en, opened = [], 0
        german = signed_in_context(browser, live_server, client, user, "de-DE")
        try:
            page = german.new_page()
            for name, path in candidates(persona, world, scope):
                if not open_page(page, path, not_pages):
                    continue
                opened += 1
                first = name not in axed or name == "cases:home"
                problems += [f"[{persona}] {p}" for p in check(page, path, "de", [DESKTOP, PHONE],
                                                               DESKTOP if first else None)]
                if persona == "counsellor" and world.case.reference in (title := page.title()):
                    titles.setdefault(title, []).append(name)
                if first:
                    axed.add(name)
                    todo_en.append(path)
        finally:
            german.close()
        assert opened, f"{persona} opens no page"
        walked += opened
        english = signed_in_context(browser, live_server, client, user, "en-GB")
        try:
            page = english.new_page()
            for path in todo_en:
                page.goto(path)
                problems += [f"[{persona}] {p}" for p in check(page, path, "en", [PHONE], PHONE)]
        finally:
            english.close()
    # Each page of a case says which page it is (tab or form), not only the case's reference.
    problems += [f"{len(names)} case pages have the title {title!r}: {names}"
                 for title, names in titles.items() if len(names) > 1]
    elapsed = time.monotonic() - started
    print(f"walked {walked} pages ({len(axed)} routes) in {elapsed:.0f} s")
    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(problems)


def test_keyboard_journey_to_a_failed_session_form(browser, live_server, append_only_guard_lifted, personas,
                                                   iom_case):
    """Case list → case → sessions → new session, by keyboard; saved without a summary of the
    talk, the error summary takes the focus and its link takes the focus to the field."""
    context = signed_in_context(browser, live_server, Client(), personas.counsellor, "de-DE")
    try:
        page = context.new_page()
        page.goto("/cases/")

        def follow(link):
            link.focus()
            with page.expect_navigation():
                page.keyboard.press("Enter")

        follow(page.get_by_role("link", name=iom_case.reference))
        page.wait_for_url(f"**/cases/{iom_case.pk}/")
        follow(page.locator("nav .tabs, .tabs").get_by_role("link", name="Beratungsgespräche"))
        follow(page.get_by_role("link", name="Gespräch erfassen"))
        page.wait_for_url(f"**/cases/{iom_case.pk}/sessions/new/")
        follow(page.get_by_role("button", name="Gespräch speichern"))
        with translation.override("de"):
            assert page.title().startswith(gettext("Error: "))  # "Fehler: "
        focused = page.evaluate("document.activeElement.matches('[data-error-summary]')")
        assert focused, "the error summary does not have the focus"
        page.keyboard.press("Tab")
        target = page.evaluate("document.activeElement.getAttribute('href')")
        assert target and target.startswith("#id_")
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == target[1:]
    finally:
        context.close()
