"""Pages of the referrals app through the test client, with real personas and permissions."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from apps.audit.models import AuditEntry
from apps.cases.models import Case, Task
from apps.clients.models import Consent
from apps.referrals import services
from apps.referrals.models import IncomingReferral, IncomingStatus, Referral, ReferralStatus
from tests.factories import OrganisationFactory, member

pytestmark = pytest.mark.django_db
S = ReferralStatus


def login(client, user):
    client.force_login(user)
    return client


# --- Directory ------------------------------------------------------------------------------


def test_every_signed_in_user_searches_the_directory(client, personas, legal_service, make_service):
    make_service("Praxis (fiktiv)", types=("medical",))
    page = login(client, personas.statistics).get(reverse("referrals:services"), {"service_type": "legal_advice"})
    assert page.status_code == 200
    assert "Rechtsberatung Trier (fiktiv)" in page.text and "Praxis (fiktiv)" not in page.text
    assert "New service" not in page.text


def test_the_directory_list_keeps_its_queries_constant(client, personas, make_service, django_assert_max_num_queries):
    make_service("Dienst 0 (fiktiv)")
    login(client, personas.coordinator)
    url = reverse("referrals:services")
    with django_assert_max_num_queries(12) as one:
        client.get(url)
    for n in range(1, 5):
        make_service(f"Dienst {n} (fiktiv)", types=("medical", "debt"))
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(url).text.count("(fiktiv)</a>") == 5


def test_a_coordinator_adds_a_service_with_a_new_provider(client, personas, service_types):
    login(client, personas.coordinator)
    assert "Or a new provider" in client.get(reverse("referrals:service_create")).text
    response = client.post(reverse("referrals:service_create"), {
        "provider_name": "Frauenberatung Beispiel (fiktiv)", "name": "Frauenschutz (fiktiv)",
        "service_types": [service_types["womens_protection"].pk], "languages": ["de", "ar"], "is_active": "on",
        "statewide": "on",
    })
    assert response.status_code == 302, response.context["form"].errors
    detail = client.get(response.url)
    assert "Frauenberatung Beispiel (fiktiv)" in detail.text and "Arabic" in detail.text


def test_a_service_form_keeps_the_input_on_errors(client, personas, legal_service):
    login(client, personas.coordinator)
    response = client.post(reverse("referrals:service_edit", args=[legal_service.pk]), {
        "provider": legal_service.provider_id, "name": "Neu (fiktiv)", "service_types": [], "version": 1})
    assert response.status_code == 200
    assert 'value="Neu (fiktiv)"' in response.text
    assert "Choose at least one service type." in response.text or "This field is required." in response.text


# --- Outgoing referrals ---------------------------------------------------------------------


def test_the_whole_referral_journey(client, personas, orgs, iom_case, principal, legal_service):
    login(client, personas.counsellor)
    tab = client.get(reverse("referrals:case_referrals", args=[iom_case.pk]))
    assert "New referral" in tab.text
    form = client.get(reverse("referrals:create", args=[iom_case.pk]))
    assert "Information to share" in form.text and "Save referral" in form.text
    response = client.post(reverse("referrals:create", args=[iom_case.pk]), {
        "service": legal_service.pk, "person": principal.pk, "reason": "Asylum appeal pending",
        "shared_fields": ["name", "phone", "reason"]})
    referral = Referral.objects.get()
    assert response.url == reverse("referrals:detail", args=[referral.pk])
    # Without consent the page explains why and links to the consents.
    detail = client.get(response.url)
    assert "has not given a valid consent" in detail.text
    assert reverse("cases:consents", args=[iom_case.pk]) in detail.text
    refused = client.post(reverse("referrals:send", args=[referral.pk]), follow=True)
    assert "Record the consent" in refused.text
    assert Referral.objects.get().status == S.PROPOSED
    # The consent is recorded on the consents tab, naming the provider.
    client.post(reverse("cases:consent_add", args=[iom_case.pk]), {
        "person": principal.pk, "purpose": Consent.Purpose.REFERRAL, "recipient": orgs.partner.pk,
        "given_at": "2026-01-10T10:00", "form": "written", "language": "fa"})
    sent = client.post(reverse("referrals:send", args=[referral.pk]), follow=True)
    assert "The referral has been sent" in sent.text
    assert Referral.objects.get().status == S.SENT
    after = client.get(reverse("referrals:detail", args=[referral.pk]))
    assert "Information shared with the provider" in after.text and "Referral letter (PDF)" in after.text
    assert "Record the answer" in after.text and "Send referral" not in after.text
    letter = client.get(reverse("referrals:letter", args=[referral.pk]))
    assert letter["Content-Type"] == "application/pdf"
    assert AuditEntry.objects.filter(action="referral.letter_downloaded").count() == 1
    # The provider's user sees it in the inbox and accepts.
    login(client, personas.partner)
    inbox = client.get(reverse("referrals:inbox"))
    # The provider quotes the referral number; the sender's case reference is not shared.
    assert f"V-{referral.pk}" in inbox.text and iom_case.reference not in inbox.text
    opened = client.get(reverse("referrals:inbox_detail", args=[referral.pk]))
    assert "Mohammad Hosseini" in opened.text and "Accept" in opened.text
    assert f"V-{referral.pk}" in opened.text and iom_case.reference not in opened.text
    assert reverse("cases:detail", args=[iom_case.pk]) not in opened.text
    accepted = client.post(reverse("referrals:inbox_status", args=[referral.pk]),
                           {"to_status": "accepted", "version": Referral.objects.get().version}, follow=True)
    assert 'data-testid="referral-status">accepted<' in accepted.text
    # The partner never reaches the case.
    assert client.get(reverse("cases:detail", args=[iom_case.pk])).status_code == 403
    assert client.get(reverse("referrals:detail", args=[referral.pk])).status_code == 403


def test_another_partner_organisation_gets_404_in_the_inbox(client, sent_referral):
    other = member(OrganisationFactory(name="DRK (fiktiv)", code="DRK", kind="partner"), "partner_staff")
    login(client, other)
    assert client.get(reverse("referrals:inbox_detail", args=[sent_referral.pk])).status_code == 404
    assert client.post(reverse("referrals:inbox_status", args=[sent_referral.pk]),
                       {"to_status": "accepted"}).status_code == 404


def test_a_proposed_referral_is_not_in_the_inbox(client, personas, make_referral):
    referral = make_referral()
    assert login(client, personas.partner).get(
        reverse("referrals:inbox_detail", args=[referral.pk])).status_code == 404


def test_the_inbox_hides_the_snapshot_after_the_consent_is_withdrawn(client, personas, sent_referral,
                                                                      referral_consent):
    from apps.clients.services import consent_withdraw

    consent_withdraw(actor=personas.counsellor, consent=referral_consent)
    page = login(client, personas.partner).get(reverse("referrals:inbox_detail", args=[sent_referral.pk]))
    assert "withdrawn the consent" in page.text and "Mohammad" not in page.text


def test_the_sender_records_no_response(client, personas, sent_referral):
    login(client, personas.counsellor)
    client.post(reverse("referrals:status", args=[sent_referral.pk]),
                {"to_status": "no_response", "version": sent_referral.version})
    assert Referral.objects.get().status == S.NO_RESPONSE


def test_the_letter_of_a_proposed_referral_does_not_exist(client, personas, make_referral):
    referral = make_referral()
    response = login(client, personas.counsellor).get(reverse("referrals:letter", args=[referral.pk]))
    assert response.status_code == 302


def test_another_counselling_organisation_gets_404(client, personas, sent_referral):
    login(client, personas.diakonie_counsellor)
    assert client.get(reverse("referrals:detail", args=[sent_referral.pk])).status_code == 404
    assert client.get(reverse("referrals:letter", args=[sent_referral.pk])).status_code == 404


def test_the_case_referrals_list_keeps_its_queries_constant(client, personas, iom_case, make_referral,
                                                             django_assert_max_num_queries):
    make_referral()
    login(client, personas.counsellor)
    url = reverse("referrals:case_referrals", args=[iom_case.pk])
    with django_assert_max_num_queries(40) as one:
        client.get(url)
    for _ in range(4):
        make_referral()
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(url).text.count("Rechtsberatung Trier (fiktiv)</a>") == 5


def test_the_inbox_list_keeps_its_queries_constant(client, personas, make_referral, referral_consent,
                                                   django_assert_max_num_queries):
    def send_one():
        services.referral_send(actor=personas.counsellor, referral=make_referral())

    send_one()
    login(client, personas.partner)
    url = reverse("referrals:inbox")
    with django_assert_max_num_queries(20) as one:
        client.get(url)
    for _ in range(4):
        send_one()
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert len(re.findall(r'href="/inbox/\d+/"', client.get(url).text)) == 5


# --- Incoming referrals ---------------------------------------------------------------------

INCOMING_POST = {"family_name": "Ahmadi", "given_names": "Reza", "language": "fa", "reason": "Fragen zur Rückkehr",
                 "urgency": "normal", "consent_form": "oral", "consent_confirmed": "on"}


def test_a_partner_refers_and_then_sees_only_the_status(client, personas, orgs):
    login(client, personas.partner)
    assert "The person agreed to be referred" in client.get(reverse("referrals:my_new")).text
    refused = client.post(reverse("referrals:my_new"), {**INCOMING_POST, "to_organisation": orgs.iom.pk,
                                                        "consent_confirmed": ""})
    assert refused.status_code == 200 and IncomingReferral.objects.count() == 0
    response = client.post(reverse("referrals:my_new"), {**INCOMING_POST, "to_organisation": orgs.iom.pk})
    incoming = IncomingReferral.objects.get()
    assert response.url == reverse("referrals:my_detail", args=[incoming.pk])
    # The counsellor opens a case from it.
    login(client, personas.counsellor)
    assert "Ahmadi" in client.get(reverse("referrals:incoming")).text
    created = client.post(reverse("referrals:incoming_create_case", args=[incoming.pk]),
                          {"office": personas.trier.pk})
    case = Case.objects.get(first_contact_source="partner")
    assert created.url == reverse("cases:detail", args=[case.pk])
    # The partner sees "counselling started" and nothing of the case.
    login(client, personas.partner)
    page = client.get(reverse("referrals:my_detail", args=[incoming.pk]))
    assert "counselling started" in page.text
    assert case.reference not in page.text and "Fragen zur Rückkehr" not in page.text
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 403


def test_the_incoming_page_offers_the_duplicate_and_linking(client, personas, orgs, iom_case):
    incoming = services.incoming_submit(actor=personas.partner, from_organisation=orgs.partner,
                                        to_organisation=orgs.iom, data={
                                            "family_name": "Hosseini", "given_names": "Mohammad", "language": "fa",
                                            "reason": "x", "consent_confirmed": True, "consent_form": "oral"})
    login(client, personas.counsellor)
    page = client.get(reverse("referrals:incoming_detail", args=[incoming.pk]))
    assert f"Link to {iom_case.reference}" in page.text
    linked = client.post(reverse("referrals:incoming_link", args=[incoming.pk]), {"case": iom_case.reference})
    assert linked.url == reverse("cases:detail", args=[iom_case.pk])
    incoming.refresh_from_db()
    assert (incoming.status, incoming.case) == (IncomingStatus.COUNSELLING_STARTED, iom_case)


def test_offer_and_decline_through_the_pages(client, personas, orgs):
    incoming = services.incoming_submit(actor=personas.authority, from_organisation=orgs.authority,
                                        to_organisation=orgs.iom, data={
                                            "family_name": "Ahmadi", "language": "fa", "reason": "x",
                                            "consent_confirmed": True, "consent_form": "oral"})
    login(client, personas.counsellor)
    client.post(reverse("referrals:incoming_offer", args=[incoming.pk]), {"appointment_at": "2030-02-01T10:00"})
    incoming.refresh_from_db()
    assert incoming.status == IncomingStatus.APPOINTMENT_OFFERED and incoming.appointment_at
    client.post(reverse("referrals:incoming_decline", args=[incoming.pk]), {"decline_reason": "not_reached"})
    login(client, personas.authority)
    page = client.get(reverse("referrals:my_detail", args=[incoming.pk]))
    assert "declined" in page.text and "The person could not be reached" in page.text
    assert "2030" not in page.text


def test_submitters_of_another_organisation_get_404(client, personas, orgs):
    incoming = services.incoming_submit(actor=personas.partner, from_organisation=orgs.partner,
                                        to_organisation=orgs.iom, data={
                                            "family_name": "Ahmadi", "language": "fa", "reason": "x",
                                            "consent_confirmed": True, "consent_form": "oral"})
    assert login(client, personas.authority).get(
        reverse("referrals:my_detail", args=[incoming.pk])).status_code == 404
    assert login(client, personas.diakonie_counsellor).get(
        reverse("referrals:incoming_detail", args=[incoming.pk])).status_code == 404


def test_the_incoming_and_my_lists_keep_their_queries_constant(client, personas, orgs,
                                                               django_assert_max_num_queries):
    def submit_one():
        services.incoming_submit(actor=personas.partner, from_organisation=orgs.partner, to_organisation=orgs.iom,
                                 data={"family_name": "Ahmadi", "language": "fa", "reason": "x",
                                       "consent_confirmed": True, "consent_form": "oral"})

    submit_one()
    counts = {}
    for user, url in ((personas.counsellor, reverse("referrals:incoming")),
                      (personas.partner, reverse("referrals:my_list"))):
        login(client, user)
        with django_assert_max_num_queries(25) as one:
            client.get(url)
        counts[url] = len(one.captured_queries)
    for _ in range(4):
        submit_one()
    for user, url in ((personas.counsellor, reverse("referrals:incoming")),
                      (personas.partner, reverse("referrals:my_list"))):
        login(client, user)
        with django_assert_max_num_queries(counts[url]):
            assert client.get(url).text.count("Ahmadi") == 5


# --- Home widgets ---------------------------------------------------------------------------


def test_home_widgets_for_counsellor_and_provider(client, personas, orgs, sent_referral,
                                                  django_assert_max_num_queries):
    Task.objects.filter(pk=sent_referral.follow_up_task_id).update(due_date=timezone.localdate() - timedelta(days=2))
    services.incoming_submit(actor=personas.partner, from_organisation=orgs.partner, to_organisation=orgs.iom,
                             data={"family_name": "Ahmadi", "language": "fa", "reason": "x",
                                   "consent_confirmed": True, "consent_form": "oral"})
    home = login(client, personas.counsellor).get(reverse("cases:home"))
    for heading in ("Referrals waiting for a response", "Overdue follow-ups", "New incoming referrals"):
        assert heading in home.text
    assert "New referrals in your inbox" not in home.text
    partner_home = login(client, personas.partner).get(reverse("cases:home"))
    assert "New referrals in your inbox" in partner_home.text
    assert "Referrals waiting for a response" not in partner_home.text
    diakonie_home = login(client, personas.diakonie_counsellor).get(reverse("cases:home"))
    assert "Ahmadi" not in diakonie_home.text


def test_home_widgets_keep_their_queries_constant(client, personas, make_referral, referral_consent,
                                                  django_assert_max_num_queries):
    services.referral_send(actor=personas.counsellor, referral=make_referral())
    login(client, personas.counsellor)
    with django_assert_max_num_queries(60) as one:
        client.get(reverse("cases:home"))
    for _ in range(4):
        services.referral_send(actor=personas.counsellor, referral=make_referral())
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(reverse("cases:home"))


# --- Review fixes: recipient pinned, sensitive services, letter, widget audit, references -------


def test_a_provider_change_does_not_move_a_sent_referral_to_another_organisation(client, personas, orgs,
                                                                                 sent_referral, legal_service):
    login(client, personas.coordinator)
    form = client.get(reverse("referrals:service_edit", args=[legal_service.pk]))
    choices = form.context["form"].fields["provider"].queryset
    assert orgs.partner in choices and orgs.diakonie in choices
    assert orgs.authority not in choices and orgs.funder not in choices
    refused = client.post(reverse("referrals:service_edit", args=[legal_service.pk]), {
        "provider": orgs.diakonie.pk, "name": legal_service.name,
        "service_types": list(legal_service.service_types.values_list("pk", flat=True)),
        "version": legal_service.version, "is_active": "on"})
    assert refused.status_code == 200
    assert "referrals to this service are under way" in refused.text
    legal_service.refresh_from_db()
    assert legal_service.provider == orgs.partner
    # The reviewer's path (the service layer, an authority as the new provider) is refused too.
    with pytest.raises(ValidationError):
        services.service_update(actor=personas.coordinator, service=legal_service,
                                expected_version=legal_service.version, data={}, provider=orgs.authority)
    login(client, personas.authority)
    assert client.get(reverse("referrals:inbox_detail", args=[sent_referral.pk])).status_code == 404
    login(client, personas.partner)
    assert "Mohammad Hosseini" in client.get(reverse("referrals:inbox_detail", args=[sent_referral.pk])).text


def test_a_hotline_agent_does_not_see_referrals_to_sensitive_services(client, personas, iom_case, sent_referral,
                                                                      sensitive_referral, trauma_service):
    Task.objects.filter(pk=sensitive_referral.follow_up_task_id).update(
        due_date=timezone.localdate() - timedelta(days=1))
    login(client, personas.hotline)
    assert client.get(reverse("referrals:detail", args=[sensitive_referral.pk])).status_code == 404
    assert client.get(reverse("referrals:letter", args=[sensitive_referral.pk])).status_code == 404
    assert client.get(reverse("referrals:detail", args=[sent_referral.pk])).status_code == 200
    tab = client.get(reverse("referrals:case_referrals", args=[iom_case.pk]))
    assert "Rechtsberatung Trier (fiktiv)" in tab.text and trauma_service.name not in tab.text
    home = client.get(reverse("cases:home"))
    assert "Referrals waiting for a response" in home.text and "Rechtsberatung Trier (fiktiv)" in home.text
    assert trauma_service.name not in home.text
    tasks = client.get(reverse("cases:tasks", args=[iom_case.pk]))
    assert f"Follow up referral V-{sensitive_referral.pk}" in tasks.text and trauma_service.name not in tasks.text
    # The counsellor (case.sensitive.read) sees it everywhere.
    login(client, personas.counsellor)
    assert client.get(reverse("referrals:detail", args=[sensitive_referral.pk])).status_code == 200
    home = client.get(reverse("cases:home"))
    assert home.text.count(trauma_service.name) == 2  # waiting and overdue
    assert trauma_service.name in client.get(reverse("referrals:case_referrals", args=[iom_case.pk])).text


def test_the_letter_is_refused_after_the_consent_is_withdrawn(client, personas, sent_referral, referral_consent):
    from apps.clients.services import consent_withdraw

    consent_withdraw(actor=personas.counsellor, consent=referral_consent)
    login(client, personas.counsellor)
    response = client.get(reverse("referrals:letter", args=[sent_referral.pk]))
    assert response.status_code == 302
    assert response.url == reverse("referrals:detail", args=[sent_referral.pk])
    page = client.get(response.url)
    assert "withdrawn the consent to this referral" in page.text
    assert "Referral letter (PDF)" not in page.text
    assert not AuditEntry.objects.filter(action="referral.letter_downloaded").exists()


def test_home_widgets_audit_the_rows_they_show(client, personas, orgs, sent_referral):
    Task.objects.filter(pk=sent_referral.follow_up_task_id).update(due_date=timezone.localdate() - timedelta(days=2))
    incoming = services.incoming_submit(actor=personas.partner, from_organisation=orgs.partner,
                                        to_organisation=orgs.iom, data={
                                            "family_name": "Karimi", "language": "fa", "reason": "x",
                                            "consent_confirmed": True, "consent_form": "oral"})
    def widget_entries(since: int):
        return AuditEntry.objects.filter(pk__gt=since, details__has_key="widget")

    start = AuditEntry.objects.latest("pk").pk
    assert "Karimi" in login(client, personas.counsellor).get(reverse("cases:home")).text
    entries = {e.details["widget"]: e for e in widget_entries(start)}
    assert set(entries) == {"waiting", "overdue", "incoming"}
    for widget in ("waiting", "overdue"):
        entry = entries[widget]
        assert (entry.action, entry.details["ids"], entry.organisation_id, entry.actor) == (
            "referral.list_viewed", [sent_referral.pk], orgs.iom.pk, personas.counsellor)
    assert (entries["incoming"].action, entries["incoming"].details["ids"], entries["incoming"].organisation_id) == (
        "incoming_referral.list_viewed", [incoming.pk], orgs.iom.pk)
    login(client, personas.partner).get(reverse("cases:home"))
    inbox = widget_entries(start).get(details__widget="inbox")
    assert (inbox.action, inbox.details["ids"], inbox.organisation_id) == (
        "referral.inbox_list_viewed", [sent_referral.pk], orgs.partner.pk)
    # Nothing shown, nothing recorded.
    start = AuditEntry.objects.latest("pk").pk
    login(client, personas.diakonie_counsellor).get(reverse("cases:home"))
    assert not widget_entries(start).exists()


def test_the_incoming_page_shows_the_linked_case_only_to_who_may_see_it(client, personas, orgs, restricted_case):
    incoming = services.incoming_submit(actor=personas.partner, from_organisation=orgs.partner,
                                        to_organisation=orgs.iom, data={
                                            "family_name": "Rahimi", "language": "fa", "reason": "x",
                                            "consent_confirmed": True, "consent_form": "oral"})
    services.incoming_link_case(actor=personas.counsellor, incoming=incoming, case=restricted_case)
    url = reverse("referrals:incoming_detail", args=[incoming.pk])
    assert restricted_case.reference in login(client, personas.counsellor).get(url).text
    hidden = login(client, personas.counsellor_speyer).get(url)
    assert hidden.status_code == 200
    assert restricted_case.reference not in hidden.text
    assert reverse("cases:detail", args=[restricted_case.pk]) not in hidden.text
