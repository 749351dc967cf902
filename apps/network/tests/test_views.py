"""The network's pages through the test client, with real personas and permissions."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from apps.audit.models import AuditEntry
from apps.network import questions, services
from apps.network.models import ExpertQuestion, KnowledgeArticle

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def signed_in(client, user):
    client.force_login(user)
    return client


def test_the_start_page_shows_the_coordinator_the_open_questions(client, personas, orgs):
    questions.question_ask(actor=personas.authority, organisation=orgs.authority, competence_centre=orgs.diakonie,
                           subject="Frage", category="legal", urgency="normal", text="Wie lange gilt eine GÜB?")
    page = signed_in(client, personas.coordinator).get(reverse("network:home"))
    assert page.status_code == 200
    assert "Expert questions to answer" in page.content.decode()
    page = signed_in(client, personas.partner).get(reverse("network:home"))
    assert "Expert questions to answer" not in page.content.decode()
    assert signed_in(client, personas.statistics).get(reverse("network:home")).status_code == 403


def test_asking_with_an_identifier_keeps_the_text_and_names_the_finding(client, personas, orgs):
    text = "Die Familie (Tel. 0651 9876543) möchte zurück."
    page = signed_in(client, personas.authority).post(reverse("network:question_create"), {
        "competence_centre": orgs.diakonie.pk, "subject": "Rückkehr", "category": "procedure",
        "urgency": "urgent", "text": text})
    body = page.content.decode()
    assert page.status_code == 200
    assert "0651 9876543" in body and "Remove the phone number" in body
    assert text in body  # the typed text is kept in the form
    assert not ExpertQuestion.objects.exists()


def test_the_asker_asks_the_coordinator_answers_and_publishes(client, personas, orgs):
    asker = signed_in(client, personas.authority)
    response = asker.post(reverse("network:question_create"), {
        "competence_centre": orgs.diakonie.pk, "subject": "Reisedokumente", "category": "procedure",
        "urgency": "normal", "text": "Wer beantragt das Passersatzpapier?"})
    question = ExpertQuestion.objects.get()
    assert response.url == reverse("network:question_detail", args=[question.pk])
    coordinator = signed_in(client, personas.coordinator)
    coordinator.post(reverse("network:question_message", args=[question.pk]),
                     {"text": "Die Ausländerbehörde, mit Hilfe der Beratung.", "version": question.version})
    question.refresh_from_db()
    assert question.status == "answered" and question.answered_at is not None
    coordinator.post(reverse("network:article_create", args=[question.pk]), {
        "title": "Passersatzpapiere", "category": "procedure", "question_text": "Wer beantragt es?",
        "answer_text": "Die Ausländerbehörde.", "tags": "Pass"})
    article = KnowledgeArticle.objects.get()
    coordinator.post(reverse("network:article_publish", args=[article.pk]), {"publish": "1",
                                                                              "version": article.version})
    article.refresh_from_db()
    assert article.published
    page = signed_in(client, personas.partner).get(reverse("network:knowledge"), {"q": "ausländerbehörde"})
    assert "Passersatzpapiere" in page.content.decode()
    assert AuditEntry.objects.filter(action="expert_question.viewed", actor=personas.coordinator).exists() is False
    signed_in(client, personas.coordinator).get(reverse("network:question_detail", args=[question.pk]))
    assert AuditEntry.objects.filter(action="expert_question.viewed", actor=personas.coordinator,
                                     object_id=str(question.pk)).exists()
    # The partner never sees the question itself.
    signed_in(client, personas.partner)
    assert client.get(reverse("network:question_detail", args=[question.pk])).status_code == 404
    assert "Reisedokumente" not in client.get(reverse("network:questions")).content.decode()


def test_contacts_are_shown_with_consent_only_and_every_read_is_audited(client, personas, orgs):
    contact = services.contact_create(actor=personas.coordinator, organisation=orgs.partner,
                                      data={"name": "Maria Beispiel", "languages": ["fa"]})
    url = reverse("network:partner_detail", args=[orgs.partner.pk])
    assert "Maria Beispiel" not in signed_in(client, personas.authority).get(url).content.decode()
    services.contact_consent_record(actor=personas.coordinator, contact=contact, given_on=timezone.localdate(),
                                    expected_version=contact.version)
    body = client.get(url).content.decode()
    assert "Maria Beispiel" in body and "Persian" in body  # languages by name, never the code
    entry = (AuditEntry.objects.filter(action="partner_contact.list_viewed", actor=personas.authority)
             .order_by("pk").last())
    assert entry.details["ids"] == [contact.pk]


def test_the_agreement_pdf_is_downloaded_by_managers_and_audited(client, personas, orgs):
    coordinator = signed_in(client, personas.coordinator)
    coordinator.post(reverse("network:agreement_create", args=[orgs.partner.pk]), {
        "kind": "hosting", "valid_from": timezone.localdate().isoformat(),
        "file": SimpleUploadedFile("Vereinbarung.pdf", PDF, content_type="application/pdf")})
    agreement = orgs.partner.network_agreements.get()
    response = coordinator.get(reverse("network:agreement_file", args=[agreement.pk]))
    assert response.status_code == 200 and response.content == PDF
    assert AuditEntry.objects.filter(action="agreement.file_downloaded", object_id=str(agreement.pk)).exists()
    assert signed_in(client, personas.partner).get(
        reverse("network:agreement_file", args=[agreement.pk])).status_code == 403


def test_the_directory_filter_refuses_nothing_it_does_not_know(client, personas, orgs):
    page = signed_in(client, personas.partner).get(reverse("network:partners"), {"district": "abc", "kind": "x"})
    assert page.status_code == 200
