"""The journey of issue 11 ("Network, events and reporting"), in Chromium, one page throughout:

the coordinator of the Kompetenzzentrum (Diakonie) creates an information event and publishes
it; a partner registers through the event's public link on the portal; after the event the
coordinator marks the partner as attended and downloads the certificate of attendance (a PDF
naming the partner and the event); an authority counsellor asks an expert question, the
coordinator answers it and publishes an anonymised copy to the knowledge base, where the
authority counsellor finds it; the ministry's statistics viewer opens the reports and sees
protected aggregates only — a small group is "<5", and neither the dashboard nor any page it
links to shows a client's name or a case reference.

The clock is set (time_machine, ticking) so that nothing depends on today's date; the labels
are looked up in the German catalogue, so the test reads the pages as a German user does.
"""

import io
import re
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext as _
from pypdf import PdfReader

from apps.cases import services as case_services
from apps.cases.models import Case
from apps.events.models import Event, Registration
from apps.jobs.testing import run_jobs
from apps.network.models import KnowledgeArticle
from tests.browser.test_counsellor_journey import sign_in
from tests.factories import make_case

BERLIN = ZoneInfo("Europe/Berlin")
# A Monday morning; the event is on the Wednesday.
START = datetime(2025, 11, 3, 9, 0, tzinfo=BERLIN)
EVENT_START, EVENT_END = datetime(2025, 11, 5, 10, 0), datetime(2025, 11, 5, 12, 30)
TITLE = "Infoveranstaltung Rückkehr und Reintegration"
PARTNER_NAME, PARTNER_EMAIL = "Petra Lindner", "p.lindner@caritas-trier.example"
# The counselled clients seeded for the reports: none of these may reach the statistics viewer.
CLIENTS = [("Haddad", "female")] * 6 + [("Karimi", "male")] * 3


def de(text: str) -> str:
    with translation.override("de"):
        return _(text)


def label(text: str):
    """The German label as a whole-string pattern (the form may add a required marker)."""
    return re.compile(rf"^\s*{re.escape(de(text))}\s*\*?\s*$")


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=True) as traveller:
        yield traveller


def seed_counselling(personas, orgs):
    """Counselling in 2025 at AfA Trier (IOM): 6 women and 3 men — the 3 men are a small group."""
    for i, (family_name, sex) in enumerate(CLIENTS):
        case = make_case(personas.counsellor, orgs.iom, family_name=family_name, given_names=f"Client{i}",
                         sex=sex, office=personas.trier)
        person = case.household.members.get().person
        case_services.session_record(actor=personas.counsellor, case=case, participants=[person], data={
            "channel": "office", "language": "fa", "started_at": datetime(2025, 3, 10 + i, 10, tzinfo=BERLIN)})


@pytest.fixture
def journey(personas, orgs, settings, clock):
    settings.REQUIRE_2FA = False
    # The portal's time-based challenge asks a form sent within seconds to be sent again; a test types fast.
    settings.PORTAL_MIN_FILL_SECONDS = 0
    seed_counselling(personas, orgs)
    return personas


def switch_to(page, user):
    """Another person at the same browser: the previous sign-in is gone."""
    page.context.clear_cookies()
    sign_in(page, user.email, {})
    page.wait_for_url(re.compile(r"/$"))


def test_event_certificate_expert_question_and_protected_reports(new_page, journey, clock, live_server):
    personas = journey
    page = new_page()

    # 1. The coordinator creates an information event and publishes it.
    switch_to(page, personas.coordinator)
    page.goto("/events/")
    page.get_by_role("link", name=de("New event")).click()
    page.get_by_label(label("Title")).fill(TITLE)
    page.get_by_label(label("Kind")).select_option("information")
    page.get_by_label(label("Target group")).select_option("partners")
    page.get_by_label(label("Start")).fill(EVENT_START.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label(label("End")).fill(EVENT_END.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label(label("Place")).fill("Diakonie Trier, Saal 2")
    page.get_by_label(label("Places")).fill("20")
    page.locator("main form[method=post] button[type=submit]").click()
    page.get_by_text(de("The event has been created as a draft.")).wait_for()
    event = Event.objects.get(title=TITLE)
    assert (event.organisation.code, event.kind, event.status) == ("DKR", "information", "draft")
    page.get_by_role("button", name=de("Publish")).click()
    page.get_by_text(de("The status of the event has been changed.")).wait_for()
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED
    public_link = page.locator("main code").inner_text().strip()
    assert event.public_token in public_link

    # 2. A partner registers through the public link, without an account.
    page.context.clear_cookies()
    page.goto(urlsplit(public_link).path)
    assert TITLE in page.locator("main").inner_text()
    page.get_by_label(de("Your name")).fill(PARTNER_NAME)
    page.get_by_label(de("Your organisation (optional)")).fill("Caritas Trier")
    page.get_by_label(de("Your e-mail address")).fill(PARTNER_EMAIL)
    page.get_by_label(de("I agree that the organisers store my name, organisation and e-mail address for this "
                         "event.")).check()
    page.get_by_role("button", name=de("Register")).click()
    page.wait_for_url(re.compile(r"/events/registration/[\w-]+/\?done=registered$"))
    registration = Registration.objects.get(event=event)
    assert (registration.name, registration.status, registration.channel) == (PARTNER_NAME, "confirmed", "public")
    run_jobs()
    [confirmation] = [m for m in mail.outbox if m.to == [PARTNER_EMAIL]]
    assert any(name.endswith(".ics") for name, *_rest in confirmation.attachments)

    # 3. After the event the coordinator records the attendance and downloads the certificate.
    clock.shift(timedelta(days=2, hours=5))  # Wednesday 14:00
    switch_to(page, personas.coordinator)
    page.goto(f"/events/manage/{event.pk}/")
    page.get_by_role("link", name=de("Attendance list")).click()
    row = page.locator("main tbody tr", has_text=PARTNER_NAME)
    row.get_by_label(de("attended"), exact=True).check()
    page.get_by_role("button", name=de("Save the attendance list")).click()
    page.get_by_text(de("The attendance list has been saved.")).wait_for()
    registration.refresh_from_db()
    assert registration.status == Registration.Status.ATTENDED
    with page.expect_download() as download:
        page.locator("main tbody tr", has_text=PARTNER_NAME).get_by_role("link", name=de("PDF")).click()
    pdf = PdfReader(io.BytesIO(Path(download.value.path()).read_bytes()))
    text = " ".join((p.extract_text() or "") for p in pdf.pages)
    squashed = re.sub(r"\s+", " ", text)
    assert PARTNER_NAME in squashed and TITLE in squashed, squashed

    # 4. An authority counsellor asks the Kompetenzzentrum an expert question.
    switch_to(page, personas.authority)
    page.goto("/network/questions/new/")
    page.get_by_label(label("Subject")).fill("Reisedokumente bei ungeklärter Staatsangehörigkeit")
    page.get_by_label(label("Your question")).fill(
        "Welche Stelle stellt ein Heimreisedokument aus, wenn die Staatsangehörigkeit nicht geklärt ist?")
    page.get_by_role("button", name=de("Send the question")).click()
    page.get_by_text(de("Your question has been sent to the Kompetenzzentrum.")).wait_for()
    question_url = page.url

    # 5. The coordinator answers and publishes an anonymised article.
    switch_to(page, personas.coordinator)
    page.goto(question_url)
    page.get_by_label(label("Message")).fill(
        "Zuständig ist die Auslandsvertretung des vermuteten Herkunftsstaats; die Rückkehrberatung hilft beim "
        "Antrag.")
    page.get_by_role("button", name=de("Send the answer")).click()
    page.get_by_text(de("Your message has been posted.")).wait_for()
    page.get_by_role("link", name=de("Write an anonymised article from this question")).click()
    page.get_by_label(label("Tags")).fill("Passbeschaffung, Heimreisedokument")
    page.get_by_role("button", name=de("Save"), exact=True).click()
    page.get_by_text(de("The article has been saved as a draft. Check it and publish it.")).wait_for()
    page.get_by_role("button", name=de("Publish")).click()
    page.get_by_text(de("The article is published.")).wait_for()
    article = KnowledgeArticle.objects.get()
    assert article.published and article.title == "Reisedokumente bei ungeklärter Staatsangehörigkeit"

    # 6. The authority counsellor finds it in the knowledge base.
    switch_to(page, personas.authority)
    page.goto("/network/knowledge/")
    page.get_by_label(label("Search")).fill("Heimreisedokument")
    page.locator("form[role=search] button[type=submit]").click()
    page.get_by_role("link", name=article.title).click()
    assert "Auslandsvertretung des vermuteten Herkunftsstaats" in page.locator("main").inner_text()

    # 7. The ministry's statistics viewer: protected aggregates, no personal data behind any link.
    switch_to(page, personas.statistics)
    page.goto("/reports/")
    main = page.locator("main").inner_text()
    assert "<5" in main
    references = list(Case.objects.values_list("reference", flat=True))
    forbidden = {"Haddad", "Karimi", *references}
    page_text = page.locator("body").inner_text()
    assert not [word for word in forbidden if word in page_text]
    origin = live_server.url
    hrefs = {urljoin(page.url, href).split("#")[0]
             for href in page.locator("a[href]").evaluate_all("links => links.map(a => a.getAttribute('href'))")}
    followed = 0
    for href in sorted(hrefs):
        if not href.startswith(origin) or "/logout" in href or "/accounts/" in href:
            continue
        response = page.request.get(href)
        assert response.status < 500, href
        body = response.text() if "text/" in response.headers.get("content-type", "") else ""
        leaked = [word for word in forbidden if word in body]
        assert not leaked, f"{href} shows {leaked}"
        followed += 1
    assert followed >= 5
