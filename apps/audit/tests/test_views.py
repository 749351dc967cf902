import csv
import io
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from apps.audit.labels import action_label
from apps.audit.models import AuditEntry
from apps.cases.selectors import case_for
from apps.core.exports import csv_safe
from tests.factories import member

BERLIN = ZoneInfo("Europe/Berlin")
LIST = reverse("audit:list")
EXPORT = reverse("audit:export")


def entry(**fields) -> AuditEntry:
    return AuditEntry.objects.create(**{"action": "case.viewed", **fields})


def quiet_login(client, user):
    """Sign in without the auth.login entry, so tests count only the entries they make."""
    from django.contrib.auth.signals import user_logged_in

    from apps.accounts.signals import _logged_in

    user_logged_in.disconnect(_logged_in)
    try:
        client.force_login(user)
    finally:
        user_logged_in.connect(_logged_in)


@pytest.fixture
def dpo_client(client, personas):
    quiet_login(client, personas.iom_dpo)
    return client


def shown(response) -> list[AuditEntry]:
    return response.context["entries"]


def read_csv(response) -> list[list[str]]:
    content = b"".join(response.streaming_content).decode("utf-8")
    assert content.startswith("\ufeff")
    return list(csv.reader(io.StringIO(content[1:]), delimiter=";"))


# --- Who may read ------------------------------------------------------------------------

@pytest.mark.parametrize("url", [LIST, EXPORT])
@pytest.mark.parametrize("persona", ["counsellor", "team_lead", "iom_admin", "partner", "statistics"])
def test_users_without_audit_read_are_refused(client, personas, url, persona):
    client.force_login(getattr(personas, persona))

    assert client.get(url).status_code == 403


@pytest.mark.parametrize("url", [LIST, EXPORT])
def test_anonymous_visitors_are_sent_to_sign_in(client, db, url):
    response = client.get(url)

    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_the_dpo_sees_the_entries_of_their_organisation(dpo_client, orgs):
    mine = entry(organisation=orgs.iom, actor_email="counsellor@iom.test", object_label="IOM-2025-000001",
                 ip="198.51.100.4")

    response = dpo_client.get(LIST)

    assert response.status_code == 200
    assert shown(response) == [mine]
    html = response.content.decode()
    with translation.override("en"):  # the language of the test pages (conftest)
        action = action_label("case.viewed")
    for text in ("counsellor@iom.test", "IOM Rheinland-Pfalz", action, "IOM-2025-000001", "198.51.100.4"):
        assert text in html
    # The action in words, never its code (the filter's option values carry codes, unseen).
    assert "case.viewed" not in re.sub(r'value="[^"]*"', "", html)


def test_a_diakonie_dpo_does_not_see_iom_entries(client, orgs, personas):
    diakonie_dpo = member(orgs.diakonie, "data_protection_officer", email="dpo@diakonie.test")
    entry(organisation=orgs.iom, case_id=9, object_label="IOM-2025-000001")
    diakonie = entry(organisation=orgs.diakonie, case_id=9, object_label="DKR-2025-000001")
    client.force_login(diakonie_dpo)

    response = client.get(LIST, {"case": "9"})

    assert shown(response) == [diakonie]
    assert "IOM-2025-000001" not in response.content.decode()
    rows = read_csv(client.get(EXPORT))[1:]
    assert {row[2] for row in rows} == {"Diakonie Kompetenzzentrum Rückkehr"}
    assert "IOM-2025-000001" not in {row[6] for row in rows}


# --- Filters -----------------------------------------------------------------------------

def test_filters_narrow_the_list(dpo_client, orgs, personas):
    wanted = entry(organisation=orgs.iom, actor=personas.counsellor, actor_email="counsellor@iom.test",
                   action="case.viewed", person_id=3, at=datetime(2025, 3, 10, 9, tzinfo=BERLIN))
    entry(organisation=orgs.iom, actor=personas.counsellor, actor_email="counsellor@iom.test",
          action="session.viewed", person_id=3, at=datetime(2025, 3, 10, 9, tzinfo=BERLIN))
    entry(organisation=orgs.iom, actor=personas.team_lead, actor_email="lead@iom.test",
          action="case.viewed", person_id=3, at=datetime(2025, 3, 10, 9, tzinfo=BERLIN))
    entry(organisation=orgs.iom, actor=personas.counsellor, actor_email="counsellor@iom.test",
          action="case.viewed", person_id=3, at=datetime(2025, 3, 12, 9, tzinfo=BERLIN))
    entry(organisation=orgs.iom, actor=personas.counsellor, actor_email="counsellor@iom.test",
          action="case.viewed", person_id=4, at=datetime(2025, 3, 10, 9, tzinfo=BERLIN))

    response = dpo_client.get(LIST, {
        "person": "3", "user": "counsellor@iom.test", "action": "case.",
        "date_from": "2025-03-01", "date_to": "2025-03-11",
    })

    assert shown(response) == [wanted]


def test_filter_by_case_id(dpo_client, orgs):
    wanted = entry(organisation=orgs.iom, case_id=77)
    entry(organisation=orgs.iom, case_id=78)

    assert shown(dpo_client.get(LIST, {"case": "77"})) == [wanted]


def test_who_looked_at_the_case_and_when(dpo_client, iom_case, personas):
    case_for(personas.counsellor, iom_case.pk)

    response = dpo_client.get(LIST, {"case": iom_case.reference, "action": "case.viewed"})

    [viewed] = shown(response)
    assert (viewed.action, viewed.case_id) == ("case.viewed", iom_case.pk)
    assert viewed.actor_id == personas.counsellor.pk
    assert "counsellor@iom.test" in response.content.decode()


def test_an_invalid_date_is_shown_next_to_the_field_and_the_input_is_kept(dpo_client, orgs):
    entry(organisation=orgs.iom)

    response = dpo_client.get(LIST, {"date_from": "2025-02-30", "user": "counsellor@iom.test"})

    assert response.status_code == 200
    assert "date_from" in response.context["form"].errors
    html = response.content.decode()
    assert 'value="2025-02-30"' in html
    assert 'value="counsellor@iom.test"' in html
    assert shown(response) == []
    assert not AuditEntry.objects.filter(action="audit.viewed").exists()


def test_a_period_ending_before_it_starts_is_an_error(dpo_client):
    response = dpo_client.get(LIST, {"date_from": "2025-03-10", "date_to": "2025-03-01"})

    assert "date_to" in response.context["form"].errors


# --- Reading the log is audited ----------------------------------------------------------

def test_reading_the_log_is_recorded_with_the_filters(dpo_client, orgs, personas):
    entry(organisation=orgs.iom, case_id=77)

    filters = {"case": "77", "action": "case.", "date_from": "2025-03-01"}
    dpo_client.get(LIST, filters, REMOTE_ADDR="203.0.113.9")

    read = AuditEntry.objects.get(action="audit.viewed")
    assert read.actor_id == personas.iom_dpo.pk
    assert read.organisation_id == orgs.iom.pk
    assert read.ip == "203.0.113.9"
    assert read.details == {"filters": filters, "page": 1, "shown": 1}


def test_the_dpo_finds_who_read_the_log(dpo_client, orgs):
    dpo_client.get(LIST)

    response = dpo_client.get(LIST, {"action": "audit."})

    assert [e.action for e in shown(response)] == ["audit.viewed"]


# --- Paging and query count --------------------------------------------------------------

def test_the_list_shows_fifty_entries_per_page(dpo_client, orgs):
    AuditEntry.objects.bulk_create(AuditEntry(organisation=orgs.iom, action="case.viewed") for _ in range(51))

    first = dpo_client.get(LIST)
    second = dpo_client.get(LIST, {"page": "2"})

    assert len(shown(first)) == 50
    assert len(shown(second)) == 2  # the 51st entry and the record of reading page 1
    assert "page=2" in first.content.decode()


def test_the_number_of_queries_does_not_grow_with_the_entries(dpo_client, orgs, personas):
    def add(count):
        AuditEntry.objects.bulk_create([
            AuditEntry(organisation=orgs.iom, actor=personas.counsellor, actor_email="counsellor@iom.test",
                       action="case.viewed", object_label="IOM-2025-000001")
            for _ in range(count)
        ])

    add(5)
    dpo_client.get(LIST)  # warm caches (session, content types)
    with CaptureQueriesContext(connection) as few:
        response = dpo_client.get(LIST, {"action": "case."})
    assert len(shown(response)) == 5

    add(25)
    with CaptureQueriesContext(connection) as many:
        response = dpo_client.get(LIST, {"action": "case."})
    assert len(shown(response)) == 30

    assert len(many) == len(few)


# --- CSV export --------------------------------------------------------------------------

def test_the_export_contains_the_filtered_entries(dpo_client, orgs):
    entry(organisation=orgs.iom, actor_email="counsellor@iom.test", case_id=77,
          object_label="IOM-2025-000077", ip="198.51.100.4", at=datetime(2025, 3, 10, 9, 30, tzinfo=BERLIN))
    entry(organisation=orgs.iom, case_id=78)

    response = dpo_client.get(EXPORT, {"case": "77"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="audit-log-')
    assert response["Content-Disposition"].endswith('.csv"')
    assert "no-store" in response["Cache-Control"]
    header, *rows = read_csv(response)
    assert len(header) == 11
    assert rows == [[
        "10.03.2025 09:30:00", "counsellor@iom.test", "IOM Rheinland-Pfalz", "case.viewed", "", "",
        "IOM-2025-000077", "77", "", "198.51.100.4", "",
    ]]


def test_the_export_cannot_start_a_spreadsheet_formula(dpo_client, orgs):
    entry(organisation=orgs.iom, object_label='=HYPERLINK("http://evil.example","x")', actor_email="@foo",
          action="+case", object_type="-1+1")

    _, row = read_csv(dpo_client.get(EXPORT))

    assert row[6] == "'=HYPERLINK(\"http://evil.example\",\"x\")"
    assert (row[1], row[3], row[4]) == ("'@foo", "'+case", "'-1+1")


@pytest.mark.parametrize(("value", "safe"), [
    ("=1+1", "'=1+1"), ("+49 651", "'+49 651"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("IOM-2025-000001", "IOM-2025-000001"), (None, ""), (7, "7"),
])
def test_csv_safe(value, safe):
    assert csv_safe(value) == safe


def test_exporting_is_recorded_and_the_file_leaves_its_own_record_out(dpo_client, orgs, personas):
    entry(organisation=orgs.iom, case_id=77)
    entry(organisation=orgs.iom, case_id=77, action="session.viewed")

    rows = read_csv(dpo_client.get(EXPORT, {"case": "77"}))[1:]
    everything = read_csv(dpo_client.get(EXPORT))[1:]

    exported = AuditEntry.objects.filter(action="audit.exported").order_by("id")
    assert [e.details for e in exported] == [
        {"filters": {"case": "77"}, "rows": 2}, {"filters": {}, "rows": 3},
    ]
    assert exported[0].actor_id == personas.iom_dpo.pk
    assert len(rows) == 2
    assert [row[3] for row in everything] == ["audit.exported", "session.viewed", "case.viewed"]


def test_the_export_with_invalid_filters_goes_back_to_the_form(dpo_client):
    response = dpo_client.get(EXPORT, {"date_to": "soon"})

    assert response.status_code == 302
    assert response["Location"] == f"{LIST}?date_to=soon"
    assert not AuditEntry.objects.filter(action="audit.exported").exists()


def test_a_dpo_of_two_organisations_leaves_a_record_in_each_log(client, orgs, personas):
    from apps.accounts.models import Membership, Role

    Membership.objects.create(user=personas.iom_dpo, organisation=orgs.diakonie,
                              role=Role.objects.get(code="data_protection_officer"))
    quiet_login(client, personas.iom_dpo)

    client.get(LIST)

    records = AuditEntry.objects.filter(action="audit.viewed")
    assert sorted(e.organisation_id for e in records) == sorted([orgs.iom.pk, orgs.diakonie.pk])


def test_a_log_too_large_for_the_link_goes_to_the_background_export(dpo_client, orgs, settings):
    settings.EXPORT_INLINE_MAX_ROWS = 1
    entry(organisation=orgs.iom, case_id=77)
    entry(organisation=orgs.iom, case_id=77)

    response = dpo_client.get(EXPORT, {"case": "77"}, follow=True)

    assert response.redirect_chain == [(f"{LIST}?case=77", 302)]
    assert "too large to download directly" in response.content.decode()
    assert not AuditEntry.objects.filter(action="audit.exported").exists()
    page = response.content.decode()
    assert 'name="kind" value="audit.log"' in page and 'name="case" value="77"' in page
    assert f'href="{EXPORT}' not in page  # the direct link is offered for small logs only
