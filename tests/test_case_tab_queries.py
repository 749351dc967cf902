"""A case tab's reads cost O(that case), never O(the cases the user can see) (issue 14).

Every tab of the case page — the cases app's own and every tab another app registers in
apps.core.registry.CASE_TABS, so that a new tab is covered without touching this file — is
rendered for the same cases in an organisation of N cases and again after 4N more cases
(households, sessions, tasks, documents, referrals, applications, …) joined it. The number of
queries must not change, and no query may filter through the set of every case, person or
household the user sees (`case__in=cases_visible_to(user)` and its siblings), which the
database builds in full before it can answer for one case: 3.4 s for two documents at
100,000 cases. Not timed: the number and the text of the queries decide.
"""

import re

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import User
from apps.cases.models import Case, Document, DocumentType
from apps.cases.pages import case_tabs
from apps.core.registry import CASE_TABS
from tests.factories import make_case

N = 20

# `<fk>__in=cases_visible_to(user)` (and persons_/households_visible_to) renders as an IN over
# the ids of a filtered, uncorrelated subquery of the whole table. Correlated checks on one row
# (EXISTS … WHERE U0."household_id" = (outer)."household_id") and reads of one household's
# persons (a join through clients_householdmember) do not match.
SCOPE_SUBQUERY = re.compile(
    r'IN \(SELECT [A-Z]\d+\."id"(?: AS "\w+")? FROM "(cases_case|clients_person|clients_household)" [A-Z]\d+ WHERE')

# The counsellor to whom the demo assigns its showcase cases, and the team lead (restricted
# cases, special categories) of the same organisation.
PERSONAS = ("beratung.trier@iom.demo", "teamleitung@iom.demo")


@pytest.fixture
def demo_network(db, settings):
    settings.REQUIRE_2FA = False
    call_command("seed_demo", cases=N, return_data=True, verbosity=0)


def _related_counts(case: Case) -> dict[str, int]:
    """Rows of every model that points at the case: proves the focal cases did not change."""
    counts = {}
    for relation in Case._meta.related_objects:
        if relation.one_to_many and relation.related_name != "+":
            counts[relation.related_model._meta.label] = relation.related_model._base_manager.filter(
                **{relation.field.name: case}).count()
    return counts


def _focal_cases() -> list[Case]:
    """The IOM cases whose tabs have the most to show: the newest with documents and a
    referral (the demo's showcase) and the newest with a reintegration plan."""
    iom = Case.objects.filter(organisation__code="IOM")
    showcase = (iom.annotate(documents_n=Count("documents", distinct=True), referrals_n=Count("referrals"))
                .filter(documents_n__gt=0, referrals_n__gt=0).order_by("-id").first())
    reintegration = iom.filter(reintegration_plans__isnull=False).order_by("-id").first()
    return [case for case in (showcase, reintegration) if case is not None]


def _grow_organisation(actor) -> None:
    """4N more cases in the same organisations, and a document on each new IOM case (the demo
    puts documents on its showcase cases only)."""
    before = set(Case.objects.values_list("pk", flat=True))
    call_command("seed_demo", cases=5 * N, return_data=True, verbosity=0)
    new_cases = Case.objects.filter(organisation__code="IOM").exclude(pk__in=before)
    for index, case in enumerate(new_cases.select_related("organisation")):
        kind = DocumentType.MEDICAL_REPORT if index % 2 else DocumentType.PASSPORT
        Document.objects.create(organisation=case.organisation, case=case, document_type=kind,
                                title=f"Document {index}", file=f"bench/{index}", content_type="application/pdf",
                                size=1, sha256="0" * 64, uploaded_by=actor)
    assert Case.objects.count() >= 5 * N


def _render_every_tab(client, cases: list[Case]) -> dict[tuple[int, str], list[str]]:
    """(case, tab) -> the SQL of every query the tab's page ran."""
    queries = {}
    for case in cases:
        for tab in case_tabs():
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(reverse(tab.url_name, args=[case.pk]))
            assert response.status_code == 200, (tab.code, response.status_code)
            queries[case.pk, tab.code] = [query["sql"] for query in ctx.captured_queries]
    return queries


def _scoped_through_everything(queries: dict) -> dict:
    return {key: found for key, sqls in queries.items() if (found := [s for s in sqls if SCOPE_SUBQUERY.search(s)])}


def _render_as(client, email: str, cases: list[Case], moment) -> dict:
    """Every tab as `email`, the clock standing still: whether a request writes the session
    (at most once a minute) must not depend on how long the rendering takes."""
    with time_machine.travel(moment, tick=False):
        client.force_login(User.objects.get(email=email))
        client.get(reverse("cases:detail", args=[cases[0].pk]))  # first-request work (session, caches)
        return _render_every_tab(client, cases)


def test_every_case_tab_reads_only_its_case(demo_network, client):
    """As the Trier counsellor and as the team lead (one seeding for both: it is the slow part)."""
    cases = _focal_cases()
    assert len(cases) == 2
    contents = {case.pk: _related_counts(case) for case in cases}
    moment = timezone.now()
    few = {email: _render_as(client, email, cases, moment) for email in PERSONAS}

    _grow_organisation(User.objects.get(email=PERSONAS[0]))
    assert {case.pk: _related_counts(case) for case in cases} == contents
    for email in PERSONAS:
        many = _render_as(client, email, cases, moment)
        grown = {key: (len(few[email][key]), len(many[key])) for key in many
                 if len(few[email][key]) != len(many[key])}
        assert grown == {}, f"{email}: (case, tab): (queries at {N} cases, at {5 * N})"
        assert _scoped_through_everything(many) == {}, email


def test_home_page_reads_my_tasks_and_sessions_row_by_row(demo_network, client):
    """my_due_tasks and my_sessions_today start from the user's own rows and check each row's
    case (a correlated EXISTS on its primary key), not the set of every visible case."""
    client.force_login(User.objects.get(email=PERSONAS[0]))
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("cases:home")).status_code == 200
    own = [q["sql"] for q in ctx.captured_queries
           if re.search(r'FROM "cases_(task|counsellingsession)" ', q["sql"])]
    assert len(own) >= 2
    assert [sql for sql in own if SCOPE_SUBQUERY.search(sql)] == []


def test_registered_tabs_are_among_those_rendered():
    """The test above iterates case_tabs(): every tab another app registers is in it."""
    codes = {tab.code for tab in case_tabs()}
    assert {tab.code for tab in CASE_TABS} <= codes
    assert {"overview", "household", "sessions", "consents", "documents", "tasks", "timeline"} <= codes
    assert len(CASE_TABS) >= 9  # assessments ×3, programmes, applications, disclosures, referrals, …


def test_the_pattern_is_recognised(db, orgs, personas):
    """The check above would see a read that went through the organisation's visible cases."""
    from apps.cases.selectors import cases_visible_to, documents_visible_to

    via_scope = str(Document.objects.filter(case__in=cases_visible_to(personas.counsellor)).query)
    assert SCOPE_SUBQUERY.search(via_scope)
    assert SCOPE_SUBQUERY.search(str(documents_visible_to(personas.counsellor).filter(case_id=1).query))


# --- documents_of keeps the rules of documents_visible_to --------------------------------

def _upload(actor, case, document_type, title):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from apps.cases.services import document_upload

    pdf = SimpleUploadedFile("scan.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    return document_upload(actor=actor, case=case, person=None, document_type=document_type, title=title,
                           uploaded_file=pdf)


def test_documents_of_hides_deleted_and_sensitive_documents_as_before(personas, orgs, iom_case, restricted_case):
    """The cheap path of a scoped case shows exactly what the one document selector shows."""
    from apps.cases.selectors import case_for, documents_of, documents_visible_to
    from apps.cases.services import document_delete

    for case in (iom_case, restricted_case):
        _upload(personas.counsellor, case, DocumentType.PASSPORT, "Pass")
        _upload(personas.counsellor, case, DocumentType.MEDICAL_REPORT, "Befund")
        gone = _upload(personas.counsellor, case, DocumentType.PASSPORT, "Alt")
        document_delete(actor=personas.counsellor, document=gone, reason="duplicate")
    other = make_case(personas.diakonie_counsellor, orgs.diakonie)
    _upload(personas.diakonie_counsellor, other, DocumentType.PASSPORT, "Fremd")

    seen = {}
    for name in ("counsellor", "counsellor_speyer", "team_lead", "hotline", "diakonie_counsellor"):
        user = getattr(personas, name)
        for case in (iom_case, restricted_case, other):
            try:
                scoped = case_for(user, case.pk, audit=False)
            except Http404:
                continue
            shown = list(documents_of(user, scoped))
            assert set(shown) == set(documents_visible_to(user).filter(case=case)), (name, case.pk)
            seen[name, case.pk] = sorted(d.title for d in shown)
    assert seen == {
        ("counsellor", iom_case.pk): ["Befund", "Pass"],
        ("counsellor", restricted_case.pk): ["Befund", "Pass"],
        ("counsellor_speyer", iom_case.pk): ["Befund", "Pass"],
        ("team_lead", iom_case.pk): ["Befund", "Pass"],
        ("team_lead", restricted_case.pk): ["Befund", "Pass"],
        ("hotline", iom_case.pk): ["Pass"],
        ("diakonie_counsellor", other.pk): ["Fremd"],
    }


def test_the_documents_tab_of_a_restricted_case_stays_hidden(personas, client, restricted_case):
    _upload(personas.counsellor, restricted_case, DocumentType.PASSPORT, "Pass")
    url = reverse("cases:documents", args=[restricted_case.pk])
    client.force_login(personas.counsellor_speyer)
    assert client.get(url).status_code == 404
    client.force_login(personas.team_lead)
    assert "Pass" in client.get(url).content.decode()


# --- home page: the user's own rows --------------------------------------------------------

def test_my_due_tasks_earliest_first_then_undated_only_on_visible_cases(personas, orgs, iom_case, fixed_clock):
    from datetime import timedelta

    from apps.cases.models import Task
    from apps.cases.selectors import my_due_tasks

    today = timezone.localdate()
    hidden = make_case(personas.counsellor_speyer, orgs.iom, family_name="Rahimi", restricted=True)
    hidden.assigned_counsellors.set([personas.counsellor_speyer])

    def task(title, due, case=iom_case, done=False):
        return Task.objects.create(case=case, title=title, due_date=due, assignee=personas.counsellor,
                                   created_by=personas.counsellor, done_at=timezone.now() if done else None)

    task("undated b", None)
    task("in a week", today + timedelta(days=7))
    task("overdue", today - timedelta(days=3))
    task("undated a", None)
    task("today", today)
    task("in eight days", today + timedelta(days=8))
    task("done", today, done=True)
    task("on a case no longer visible", today, case=hidden)
    titles = [t.title for t in my_due_tasks(personas.counsellor)]
    assert titles == ["overdue", "today", "in a week", "undated b", "undated a"]
    assert [t.title for t in my_due_tasks(personas.counsellor, limit=2)] == ["overdue", "today"]
    assert [t.title for t in my_due_tasks(personas.counsellor, limit=4)] == [
        "overdue", "today", "in a week", "undated b"]
