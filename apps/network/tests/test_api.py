"""The network API: asking with the identifier check, the thread, scoping, knowledge search, directory."""

import pytest
from django.utils import timezone

from apps.api.services import api_token_create
from apps.audit.models import AuditEntry
from apps.network import questions, services

pytestmark = pytest.mark.django_db


def _auth(user) -> dict:
    return {"HTTP_AUTHORIZATION": "Bearer " + api_token_create(actor=None, user=user, name="test")[1]}


def test_asking_with_an_identifier_is_a_422_naming_it(client, personas, orgs):
    response = client.post("/api/v1/network/questions", {
        "competence_centre_id": orgs.diakonie.pk, "subject": "Frage", "category": "legal",
        "text": "Bitte an rueckkehr@example.org schreiben."}, content_type="application/json",
        **_auth(personas.authority))
    assert response.status_code == 422
    assert "rueckkehr@example.org" in response.content.decode()


def test_the_thread_through_the_api_is_seen_by_both_sides_only(client, personas, orgs):
    asked = client.post("/api/v1/network/questions", {
        "competence_centre_id": orgs.diakonie.pk, "subject": "Frage", "category": "legal", "urgency": "urgent",
        "text": "Wie lange gilt eine Grenzübertrittsbescheinigung?"}, content_type="application/json",
        **_auth(personas.authority))
    assert asked.status_code == 201
    question = asked.json()
    answered = client.post(f"/api/v1/network/questions/{question['id']}/messages",
                           {"text": "Bis zur Ausreise.", "version": question["version"]},
                           content_type="application/json", **_auth(personas.coordinator))
    assert answered.status_code == 201 and answered.json()["from_centre"] is True
    thread = client.get(f"/api/v1/network/questions/{question['id']}", **_auth(personas.authority)).json()
    assert thread["status"] == "answered" and len(thread["messages"]) == 2
    assert client.get(f"/api/v1/network/questions/{question['id']}",
                      **_auth(personas.partner)).status_code == 404
    assert client.get("/api/v1/network/questions", **_auth(personas.partner)).json()["items"] == []
    assert client.get("/api/v1/network/questions", **_auth(personas.statistics)).status_code == 403


def test_knowledge_search_and_the_directory_with_listed_contacts_only(client, personas, orgs):
    question = questions.question_ask(actor=personas.authority, organisation=orgs.authority,
                                      competence_centre=orgs.diakonie, subject="GÜB", category="procedure",
                                      urgency="normal", text="Wer stellt die GÜB aus?")
    questions.message_post(actor=personas.coordinator, question=question, text="Die Ausländerbehörde.",
                           expected_version=question.version)
    article = questions.article_create(actor=personas.coordinator, question=question, data={
        "title": "Grenzübertrittsbescheinigung", "question_text": "Wer stellt sie aus?",
        "answer_text": "Die Ausländerbehörde.", "category": "procedure"})
    questions.article_publish(actor=personas.coordinator, article=article, published=True, expected_version=1)
    found = client.get("/api/v1/network/knowledge?q=ausländerbehörde", **_auth(personas.partner)).json()
    assert [a["title"] for a in found["items"]] == ["Grenzübertrittsbescheinigung"]
    hidden = services.contact_create(actor=personas.coordinator, organisation=orgs.partner, data={"name": "Ohne"})
    listed = services.contact_create(actor=personas.coordinator, organisation=orgs.partner, data={"name": "Mit"})
    services.contact_consent_record(actor=personas.coordinator, contact=listed, given_on=timezone.localdate(),
                                    expected_version=1)
    # Even the coordinator's API answer lists only consented contacts.
    partner = client.get(f"/api/v1/network/partners/{orgs.partner.pk}", **_auth(personas.coordinator)).json()
    assert [c["name"] for c in partner["contacts"]] == ["Mit"]
    entry = AuditEntry.objects.filter(action="partner_contact.list_viewed").order_by("pk").last()
    assert entry.details["ids"] == [listed.pk] and hidden.pk not in entry.details["ids"]
    names = [p["name"] for p in client.get("/api/v1/network/partners?kind=partner",
                                           **_auth(personas.partner)).json()["items"]]
    assert names == ["Caritas Trier"]
