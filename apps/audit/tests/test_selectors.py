from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from apps.audit.models import AuditEntry
from apps.audit.selectors import entries_visible_to, filter_entries, search_entries
from tests.factories import member

BERLIN = ZoneInfo("Europe/Berlin")


def entry(**fields) -> AuditEntry:
    return AuditEntry.objects.create(**{"action": "case.viewed", **fields})


@pytest.fixture
def diakonie_dpo(personas, orgs):
    return member(orgs.diakonie, "data_protection_officer", email="dpo@diakonie.test")


def test_a_dpo_sees_the_entries_of_their_organisation_only(personas, orgs, diakonie_dpo):
    iom = entry(organisation=orgs.iom)
    diakonie = entry(organisation=orgs.diakonie)

    assert list(entries_visible_to(personas.iom_dpo)) == [iom]
    assert list(entries_visible_to(diakonie_dpo)) == [diakonie]


def test_entries_without_an_organisation_are_shown_to_nobody(personas, orgs):
    entry(organisation=None, action="auth.login_failed")

    assert not entries_visible_to(personas.iom_dpo).exists()


@pytest.mark.parametrize("persona", ["counsellor", "team_lead", "iom_admin", "statistics", "authority"])
def test_users_without_audit_read_see_nothing(personas, orgs, persona):
    entry(organisation=orgs.iom, actor=getattr(personas, persona))

    assert not entries_visible_to(getattr(personas, persona)).exists()


def test_filter_by_person_and_case_id(orgs, personas):
    wanted = entry(organisation=orgs.iom, person_id=5, case_id=9)
    entry(organisation=orgs.iom, person_id=6, case_id=9)
    entry(organisation=orgs.iom, person_id=5, case_id=10)
    visible = entries_visible_to(personas.iom_dpo)

    assert list(filter_entries(visible, person_id=5, case_id=9)) == [wanted]


def test_filter_by_case_reference_finds_every_entry_of_that_case(orgs, personas):
    opened = entry(organisation=orgs.iom, action="case.created", object_type="cases.case", object_id="9",
                   object_label="IOM-2025-000001", case_id=9)
    session = entry(organisation=orgs.iom, action="session.viewed", object_type="cases.counsellingsession",
                    object_label="Session 3", case_id=9)
    entry(organisation=orgs.iom, object_type="cases.case", object_label="IOM-2025-000002", case_id=10)

    found = filter_entries(entries_visible_to(personas.iom_dpo), case_reference=" iom-2025-000001 ")

    assert set(found) == {opened, session}


def test_a_case_reference_is_resolved_only_within_the_visible_entries(orgs, personas):
    """Another organisation's log cannot be used to learn which case id a reference has."""
    entry(organisation=orgs.diakonie, object_type="cases.case", object_label="DKR-2025-000001", case_id=9)
    entry(organisation=orgs.iom, case_id=9)

    found = filter_entries(entries_visible_to(personas.iom_dpo), case_reference="DKR-2025-000001")

    assert not found.exists()


def test_filter_by_actor_id_or_email(orgs, personas):
    mine = entry(organisation=orgs.iom, actor=personas.counsellor, actor_email="counsellor@iom.test")
    entry(organisation=orgs.iom, actor=personas.team_lead, actor_email="lead@iom.test")
    visible = entries_visible_to(personas.iom_dpo)

    assert list(filter_entries(visible, actor=personas.counsellor.pk)) == [mine]
    assert list(filter_entries(visible, actor="Counsellor@IOM.test")) == [mine]


def test_filter_by_action_prefix(orgs, personas):
    viewed = entry(organisation=orgs.iom, action="case.viewed")
    created = entry(organisation=orgs.iom, action="case.created")
    entry(organisation=orgs.iom, action="session.viewed")
    entry(organisation=orgs.iom, action="casefile.viewed")
    visible = entries_visible_to(personas.iom_dpo)

    assert set(filter_entries(visible, action="case.")) == {viewed, created}
    assert list(filter_entries(visible, action="case.viewed")) == [viewed]


def test_filter_by_period_includes_both_days_in_local_time(orgs, personas):
    def at(*args):
        return entry(organisation=orgs.iom, at=datetime(*args, tzinfo=BERLIN))

    at(2025, 3, 9, 23, 59)
    first = at(2025, 3, 10, 0, 0)
    last = at(2025, 3, 11, 23, 59, 59)
    at(2025, 3, 12, 0, 0)

    found = filter_entries(entries_visible_to(personas.iom_dpo),
                           date_from=date(2025, 3, 10), date_to=date(2025, 3, 11))

    assert set(found) == {first, last}


def test_search_entries_lists_newest_first(orgs, personas):
    old = entry(organisation=orgs.iom, at=datetime(2025, 1, 1, 12, tzinfo=BERLIN))
    new = entry(organisation=orgs.iom, at=datetime(2025, 2, 1, 12, tzinfo=BERLIN))

    assert list(search_entries(personas.iom_dpo)) == [new, old]
