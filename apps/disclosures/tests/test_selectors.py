"""Reads of the disclosures app: the authority's one access rule (revocation, withdrawal and
expiry end access at once), the counsellor's side, the access log and the suggestions."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from apps.accounts.models import Organisation
from apps.audit.models import AuditEntry
from apps.clients import services as client_services
from apps.clients.models import Consent, Person
from apps.disclosures import selectors, services
from apps.disclosures.models import Disclosure
from apps.regions.models import District
from tests.factories import OrganisationFactory, member

pytestmark = pytest.mark.django_db


def test_the_inbox_holds_the_accessible_disclosures_of_the_users_authority(personas, orgs, disclosure):
    assert list(selectors.inbox_of(personas.authority)) == [disclosure]
    other_authority = OrganisationFactory(name="Ausländerbehörde Mainz", code="ABHMZ", kind="authority")
    assert list(selectors.inbox_of(member(other_authority, "authority_counsellor"))) == []
    for persona in ("counsellor", "team_lead", "partner", "diakonie_counsellor"):
        assert list(selectors.inbox_of(getattr(personas, persona))) == []
    assert selectors.status_of(disclosure) == selectors.ACTIVE and selectors.is_accessible(disclosure)


def test_revocation_ends_access_at_once(personas, disclosure):
    services.disclosure_revoke(actor=personas.counsellor, disclosure=disclosure)
    assert list(selectors.inbox_of(personas.authority)) == []
    assert selectors.status_of(Disclosure.objects.get(pk=disclosure.pk)) == selectors.REVOKED


def test_withdrawing_the_consent_ends_access_at_once(personas, consent, disclosure):
    client_services.consent_withdraw(actor=personas.counsellor, consent=consent)
    assert list(selectors.inbox_of(personas.authority)) == []
    assert selectors.status_of(Disclosure.objects.get(pk=disclosure.pk)) == selectors.CONSENT_WITHDRAWN


def test_access_ends_after_valid_until(personas, make_disclosure):
    today = make_disclosure(valid_until=timezone.localdate())
    assert list(selectors.inbox_of(personas.authority)) == [today]
    Disclosure.objects.filter(pk=today.pk).update(valid_until=timezone.localdate() - timedelta(days=1))
    assert list(selectors.inbox_of(personas.authority)) == []
    assert selectors.status_of(Disclosure.objects.get(pk=today.pk)) == selectors.EXPIRED


def test_reading_a_disclosure_is_audited_for_the_disclosing_organisation(personas, orgs, disclosure):
    selectors.inbox_disclosure_for(personas.authority, disclosure.pk)
    entry = AuditEntry.objects.get(action="disclosure.viewed")
    assert (entry.actor, entry.organisation_id, entry.case_id) == (personas.authority, orgs.iom.pk,
                                                                   disclosure.case_id)
    assert entry.details["fields"] == ["name", "nationalities"]
    log = selectors.access_log([disclosure])
    assert [(line.actor_email, line.count) for line in log[disclosure.pk]] == [(personas.authority.email, 1)]


def test_the_access_log_lists_only_the_recipients_reads(personas, disclosure, make_disclosure):
    other = make_disclosure(fields=["name"])
    selectors.disclosure_for(personas.counsellor, disclosure.pk)  # the owner's read is not an access
    selectors.inbox_disclosure_for(personas.authority, other.pk)
    log = selectors.access_log([disclosure, other])
    assert list(log) == [other.pk]
    assert [(line.actor_email, line.action) for line in log[other.pk]] == [
        (personas.authority.email, "disclosure.viewed")]
    assert selectors.access_log([]) == {}


def test_repeated_reads_make_one_access_line_per_reader_and_day(personas, disclosure, make_disclosure):
    """Nine page views of the authority were nine identical lines; the audit log keeps all nine,
    the access log says it once, with the count (and a second reader or day has its own line)."""
    other = make_disclosure(fields=["name"])
    second_reader = member(Organisation.objects.get(pk=disclosure.recipient_id), "authority_counsellor")
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Europe/Berlin")), tick=False) as clock:
        selectors.inbox_disclosure_for(personas.authority, other.pk)  # another disclosure: not counted
        for _ in range(9):
            selectors.inbox_disclosure_for(personas.authority, disclosure.pk)
            clock.shift(timedelta(minutes=1))
        selectors.inbox_disclosure_for(second_reader, disclosure.pk)
        clock.shift(timedelta(days=1))
        selectors.inbox_disclosure_for(personas.authority, disclosure.pk)
    assert AuditEntry.objects.filter(action="disclosure.viewed", object_id=str(disclosure.pk)).count() == 11
    lines = selectors.access_log([disclosure, other])[disclosure.pk]
    assert [(line.actor_email, line.day, line.count) for line in lines] == [
        (personas.authority.email, date(2026, 3, 3), 1),
        (second_reader.email, date(2026, 3, 2), 1),
        (personas.authority.email, date(2026, 3, 2), 9),
    ]
    nine = lines[2]
    assert (nine.last - nine.first) == timedelta(minutes=8)


def test_the_owner_side_is_scoped_by_case_and_permission(personas, iom_case, disclosure):
    assert list(selectors.disclosures_of(personas.hotline, iom_case)) == [disclosure]
    assert selectors.disclosure_for(personas.team_lead, disclosure.pk) == disclosure
    from django.http import Http404

    for persona in ("hotline", "diakonie_counsellor", "authority"):
        with pytest.raises(Http404):
            selectors.disclosure_for(getattr(personas, persona), disclosure.pk)
    with pytest.raises(Http404):
        selectors.case_for_disclosing(personas.hotline, iom_case.pk)


def test_the_recipient_is_suggested_from_the_principals_district_then_the_office(personas, orgs, iom_case,
                                                                                 principal):
    trier, mainz = District.objects.get(ags="07211"), District.objects.get(ags="07315")
    Organisation.objects.filter(pk=orgs.authority.pk).update(district=trier)
    abh_mainz = OrganisationFactory(name="Ausländerbehörde Mainz", code="ABHMZ", kind="authority", district=mainz)
    assert selectors.suggested_recipient(iom_case) is None
    personas.trier.district = trier
    personas.trier.save()
    iom_case.office.refresh_from_db()
    assert selectors.suggested_recipient(iom_case) == orgs.authority
    Person.objects.filter(pk=principal.pk).update(district=mainz)
    assert selectors.suggested_recipient(iom_case) == abh_mainz


def test_consent_choices_are_valid_disclosure_consents_of_the_household(personas, orgs, iom_case, principal,
                                                                         child, consent):
    child_consent = client_services.consent_record(actor=personas.counsellor, person=child, data={
        "purpose": Consent.Purpose.DISCLOSURE_TO_AUTHORITY, "recipient": orgs.authority, "form": "oral",
        "language": "ar"})
    client_services.consent_record(actor=personas.counsellor, person=principal, data={
        "purpose": Consent.Purpose.REFERRAL, "recipient": orgs.partner, "form": "oral", "language": "ar"})
    assert set(selectors.disclosure_consents(iom_case)) == {consent, child_consent}
    client_services.consent_withdraw(actor=personas.counsellor, consent=child_consent)
    assert list(selectors.disclosure_consents(iom_case, orgs.authority.pk)) == [consent]
    assert list(selectors.disclosure_consents(iom_case, orgs.partner.pk)) == []


def test_new_disclosures_and_open_questions(personas, disclosure):
    assert list(selectors.new_in_inbox(personas.authority)) == [disclosure]
    assert list(selectors.open_questions(personas.authority)) == []
    services.disclosure_ask(actor=personas.authority, disclosure=disclosure, text="?")
    assert list(selectors.open_questions(personas.authority)) == [disclosure]
    assert list(selectors.unanswered_questions(personas.counsellor)) == [disclosure]
    assert list(selectors.unanswered_questions(personas.diakonie_counsellor)) == []
    services.disclosure_answer(actor=personas.counsellor, disclosure=disclosure, text="!")
    assert list(selectors.open_questions(personas.authority)) == []
    assert list(selectors.unanswered_questions(personas.counsellor)) == []
    services.disclosure_confirm(actor=personas.authority, disclosure=disclosure)
    assert list(selectors.new_in_inbox(personas.authority)) == []


def test_disclosed_documents_leave_out_deleted_ones(personas, make_disclosure, make_document):
    from apps.cases import services as case_services

    kept, deleted = make_document(title="A"), make_document(title="B")
    disclosure = make_disclosure(documents=[kept, deleted])
    case_services.document_delete(actor=personas.counsellor, document=deleted, reason="Wrong file")
    assert list(selectors.disclosed_documents(disclosure)) == [kept]


def test_valid_border_crossing_certificates(personas, orgs, iom_case, principal):
    today = timezone.localdate()
    current = services.gub_record_by_counsellor(
        actor=personas.counsellor, case=iom_case, number="1", issued_on=today - timedelta(days=3),
        valid_until=today + timedelta(days=30), persons=[principal], issued_by=orgs.authority)
    services.gub_record_by_counsellor(
        actor=personas.counsellor, case=iom_case, number="0", issued_on=date(2025, 1, 1),
        valid_until=date(2025, 2, 1), persons=[principal], issued_by=orgs.authority)
    assert list(selectors.valid_border_crossing_certificates(iom_case)) == [current]
    assert selectors.valid_border_crossing_certificates(iom_case, on=date(2025, 1, 15)).get().number == "0"
