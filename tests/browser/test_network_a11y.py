"""Every page issue 11 added, in Chromium: axe-core finds no WCAG 2.1 A/AA violation at 1280 px
in German and English (the portal's event pages: German and Arabic, right to left), and
nothing is wider than a 390 px phone screen.

One test per person and language visits that person's pages (signing in once is cheaper than
once per page); the world behind the pages is built with the services, under a set clock.
"""

import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import translation

from apps.events import services as event_services
from apps.jobs import exports as export_services
from apps.jobs.testing import run_jobs
from apps.network import questions as question_services
from apps.network import services as network_services
from apps.regions.models import District
from tests.browser.axe import axe_violations, format_violations, resize
from tests.browser.test_counsellor_journey import sign_in
from tests.browser.test_network_journey import START, clock, seed_counselling  # noqa: F401 - fixture

PHONE, DESKTOP = 390, 1280
TOLERANCE = 2  # sub-pixel rounding
LOCALES = {"de": "de-DE", "en": "en-GB", "ar": "ar"}


@pytest.fixture
def world(personas, orgs, settings, clock):  # noqa: F811
    settings.REQUIRE_2FA = False
    settings.PORTAL_MIN_FILL_SECONDS = 0
    coordinator, authority, lead = personas.coordinator, personas.authority, personas.team_lead
    seed_counselling(personas, orgs)
    # The directory: the partner's profile and a listed contact.
    network_services.profile_update(actor=coordinator, organisation=orgs.partner,
                                    roles=["refers_clients", "hosts_mobile_counselling"],
                                    districts=[District.objects.get(ags="07211")],
                                    description="Migrationsberatung und Begleitung zu Behörden.",
                                    expected_version=network_services.profile_of(orgs.partner).version)
    contact = network_services.contact_create(actor=coordinator, organisation=orgs.partner, data={
        "name": "Jana Becker", "function": "Migrationsberatung", "email": "j.becker@caritas.example",
        "phone": "0651 123456", "languages": ["de", "ar"]})
    network_services.contact_consent_record(actor=coordinator, contact=contact, given_on=START.date(),
                                            expected_version=contact.version)
    # An answered expert question with its knowledge article, and an open one.
    question = question_services.question_ask(
        actor=authority, organisation=orgs.authority, competence_centre=orgs.diakonie,
        subject="Reisedokumente bei ungeklärter Staatsangehörigkeit", category="procedure", urgency="normal",
        text="Welche Stelle stellt ein Heimreisedokument aus, wenn die Staatsangehörigkeit nicht geklärt ist?")
    question_services.message_post(actor=coordinator, question=question, expected_version=question.version,
                                   text="Zuständig ist die Auslandsvertretung des vermuteten Herkunftsstaats.")
    question.refresh_from_db()
    article = question_services.article_create(actor=coordinator, question=question, data={
        "title": question.subject, "category": "procedure", "question_text": "Wer stellt das Dokument aus?",
        "answer_text": "Die Auslandsvertretung des vermuteten Herkunftsstaats.", "tags": "Passbeschaffung"})
    question_services.article_publish(actor=coordinator, article=article, published=True,
                                      expected_version=article.version)
    question_services.question_ask(
        actor=authority, organisation=orgs.authority, competence_centre=orgs.diakonie,
        subject="Förderfähigkeit bei Weiterwanderung", category="programmes", urgency="urgent",
        text="Ist eine Weiterwanderung in einen Drittstaat förderfähig?")
    # An event two days ahead, with a network and a public registration; attended and rated.
    event = event_services.event_create(actor=coordinator, organisation=orgs.diakonie, data={
        "title": "Austauschtreffen Rückkehrberatung Nord", "kind": "exchange", "format": "in_person",
        "target_group": "network", "description": "Fälle, Fragen und Neues aus den Programmen.",
        "starts_at": START + timedelta(days=2, hours=1), "ends_at": START + timedelta(days=2, hours=4),
        "place": "Diakonie Trier, Saal 2", "address": "Mustergasse 1, 54290 Trier", "capacity": 12})
    event = event_services.event_set_status(actor=coordinator, event=event, status="published")
    mine, mine_token = event_services.registration_create_for_user(actor=authority, event=event, consent=True,
                                                               base_url="http://testserver")
    public, _token = event_services.registration_create_public(
        event=event, name="Petra Lindner", organisation_name="Caritas Trier", email="p.lindner@caritas.example",
        accessibility_needs="Stufenloser Zugang", consent=True, language="de", base_url="http://testserver")
    clock.shift(timedelta(days=3))
    event_services.attendance_mark(actor=coordinator, event=event, marks={mine.pk: "attended", public.pk: "attended"})
    public.refresh_from_db()
    event_services.feedback_submit(registration=public, overall=4, usefulness=5, comment="Sehr hilfreich.")
    # An upcoming event with an open public link, for the portal's registration page.
    upcoming = event_services.event_create(actor=coordinator, organisation=orgs.diakonie, data={
        "title": "Infoveranstaltung Reintegration", "kind": "information", "format": "hybrid",
        "target_group": "partners", "starts_at": START + timedelta(days=20),
        "ends_at": START + timedelta(days=20, hours=2),
        "place": "Diakonie Trier", "online_link": "https://meet.example/reintegration", "capacity": 30})
    upcoming = event_services.event_set_status(actor=coordinator, event=upcoming, status="published")
    # The team lead's finished export.
    export = export_services.export_request(actor=lead, kind_code="reports.indicators", fmt="csv",
                                            params={"period": "2025"})
    run_jobs()
    return SimpleNamespace(personas=personas, orgs=orgs, question=question, article=article,
                           event=event, upcoming=upcoming, token=mine_token, export=export)


def back_office_paths(world, who: str) -> list[str]:
    o, e = world.orgs, world.event
    if who == "coordinator":
        return [
            reverse("network:home"), reverse("network:partners"),
            reverse("network:partner_detail", args=[o.partner.pk]),
            reverse("network:profile_edit", args=[o.partner.pk]),
            reverse("network:questions"), reverse("network:question_detail", args=[world.question.pk]),
            reverse("network:knowledge"), reverse("network:article_detail", args=[world.article.pk]),
            reverse("network:article_edit", args=[world.article.pk]),
            reverse("events:list"), reverse("events:detail", args=[e.pk]), reverse("events:create"),
            reverse("events:manage", args=[e.pk]), (reverse("events:attendance", args=[e.pk]), "main tbody tr"),
            reverse("events:feedback_results", args=[e.pk]), reverse("events:edit", args=[world.upcoming.pk]),
            reverse("reports:dashboard"), reverse("reports:indicators"),
            (reverse("reports:indicator", args=["persons_counselled"]), "svg.chart"),
        ]
    if who == "authority":
        return [
            reverse("network:questions"), reverse("network:question_detail", args=[world.question.pk]),
            reverse("network:question_create"), reverse("network:knowledge") + "?q=Heimreisedokument",
            reverse("events:detail", args=[world.upcoming.pk]), reverse("events:detail", args=[world.event.pk]),
            (reverse("events:feedback", args=[world.event.pk]), "input[type=radio]"),
        ]
    if who == "team_lead":
        iom = o.iom.pk
        return [
            reverse("reports:dashboard"), (reverse("reports:indicator", args=["persons_counselled"]), "svg.chart"),
            (reverse("reports:indicator", args=["sessions_by_district"]), ".report-map svg"),
            (reverse("reports:records", args=["persons_counselled"])
             + f"?period=2025&organisation={iom}&breakdown=sex&cell=female", "main table tbody tr"),
            reverse("jobs:exports"), reverse("jobs:export_detail", args=[world.export.pk]),
        ]
    assert who == "statistics"
    return [reverse("reports:dashboard"), reverse("reports:indicators"),
            reverse("reports:indicator", args=["persons_counselled"]),
            reverse("reports:indicator", args=["sessions_by_district"])]


def check(page, path: str, language: str, *, load: bool = True) -> list[str]:
    """What is wrong with the page: a bad status, the wrong language, axe violations at
    1280 px, a horizontal scroll bar at 390 px."""
    problems = []
    resize(page, DESKTOP, 900)
    if load:
        response = page.goto(path)
        if response is None or response.status != 200:
            return [f"{path}: status {response.status if response else 'none'}"]
    lang = page.locator("html").get_attribute("lang")
    if lang != language:
        problems.append(f"{path}: <html lang={lang!r}>, expected {language!r}")
    violations = axe_violations(page)
    if violations:
        problems.append(f"{path} ({language}, {DESKTOP} px):\n" + format_violations(violations))
    resize(page, PHONE, 800)
    width = page.evaluate("document.scrollingElement.scrollWidth")
    if width > PHONE + TOLERANCE:
        # The widest culprits: elements reaching past the screen that no scrolling box of their own clips.
        wide = page.evaluate("""limit => {
                const clipped = el => { for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
                    if (getComputedStyle(p).overflowX !== 'visible') return true; } return false; };
                // An absolutely positioned element escapes a scrolling box that is not its containing block.
                const escapes = el => getComputedStyle(el).position === 'absolute';
                const out = [...document.querySelectorAll('body *')]
                    .filter(el => el.getBoundingClientRect().right > limit && (escapes(el) || !clipped(el)));
                return out.filter(el => !out.some(other => other !== el && el.contains(other))).slice(0, 4)
                    .map(el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : '')
                               + ' ' + Math.round(el.getBoundingClientRect().right));
            }""", PHONE + TOLERANCE)
        problems.append(f"{path} ({language}): {width} px wide at {PHONE} px: {wide}")
    # What scrolls sideways at phone width must be reachable by keyboard (axe's
    # scrollable-region-focusable, which axe checks only at the width it runs at).
    stuck = page.evaluate("""() => [...document.querySelectorAll('body *')].filter(el =>
            ['auto', 'scroll'].includes(getComputedStyle(el).overflowX) && el.scrollWidth > el.clientWidth + 1
            && el.tabIndex < 0 && !el.querySelector('a[href], button, input, select, textarea, [tabindex]'))
        .map(el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''))""")
    if stuck:
        problems.append(f"{path} ({language}): scrolls sideways at {PHONE} px without keyboard access: {stuck}")
    return problems


PERSONS = ["coordinator", "authority", "team_lead", "statistics"]


def portal_problems(page, world, language: str) -> list[str]:
    """The portal's event pages, without signing in: the registration page and the participant's."""
    with translation.override(language):
        paths = [reverse("portal:event_register", args=[world.upcoming.public_token]),
                 reverse("portal:event_registration", args=[world.token])]
    problems = []
    for path in paths:
        problems += check(page, path, language)
        direction = page.locator("html").get_attribute("dir") or "ltr"
        if direction != ("rtl" if language == "ar" else "ltr"):
            problems.append(f"{path}: dir={direction!r} in {language}")
        if "registration/" in path and not page.locator("input[type=radio]").count():
            problems.append(f"{path}: the feedback form is missing")
    # The registration form sent empty: the error summary and the marked fields pass too.
    resize(page, DESKTOP, 900)
    page.goto(paths[0])
    page.locator("main form[method=post] button[type=submit]").click()
    page.locator("[aria-invalid=true]").first.wait_for()
    problems += check(page, paths[0] + " (with errors)", language, load=False)
    return problems


def back_office_problems(page, world, who: str, language: str) -> list[str]:
    page.context.clear_cookies()
    resize(page, DESKTOP, 900)
    sign_in(page, getattr(world.personas, who).email, {})
    page.wait_for_url(re.compile(r"/$"))
    problems = []
    for entry in back_office_paths(world, who):
        # An entry may name what the page must show, so that the check sees the part that matters.
        path, shows = entry if isinstance(entry, tuple) else (entry, None)
        problems += check(page, path, language)
        if shows and not page.locator(shows).count():
            problems.append(f"{path}: nothing matches {shows!r}")
    if who == "authority":
        # The question form sent empty: the errors, announced and linked, pass too.
        resize(page, DESKTOP, 900)
        page.goto(reverse("network:question_create"))
        page.locator("main form[method=post] button[type=submit]").click()
        page.locator("[aria-invalid=true]").first.wait_for()
        problems += check(page, page.url + " (with errors)", language, load=False)
    return [f"[{who}] {problem}" for problem in problems]


# One test per language (signing in four people in turn is cheaper than building the world four
# times): the back office in German or English, the portal's event pages in German or Arabic.
@pytest.mark.parametrize(("language", "portal_language"), [("de", "de"), ("en", "ar")])
def test_issue_11_pages_pass_axe_and_fit_a_phone(browser, live_server, append_only_guard_lifted, world,
                                                 language, portal_language):
    context = browser.new_context(base_url=live_server.url, locale=LOCALES[language],
                                  viewport={"width": DESKTOP, "height": 900})
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        problems = portal_problems(page, world, portal_language)
        for who in PERSONS:
            problems += back_office_problems(page, world, who, language)
        assert not problems, f"{len(problems)} problem(s) in {language}/{portal_language}:\n" + "\n".join(problems)
    finally:
        context.close()
