"""Objects of the network for the authorisation matrix (see tests/test_authorisation_matrix.py).

The partner directory is the network's: every holder of network.participate reads a
partner, holders of network.manage (anywhere) maintain contacts and agreements. The expert
question is asked by the Diakonie's counsellor to the Diakonie's Kompetenzzentrum, so the
matrix's one-organisation scope fits it exactly: the Diakonie's members with
network.participate (the asker's side) and its coordinator (the Kompetenzzentrum) reach it,
everybody else gets 404 (a question of another organisation to the Kompetenzzentrum: see
apps/network/tests/test_questions.py). The knowledge article is published (every
participant reads it); editing it is the Diakonie's.
"""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from apps.network import questions, services
from tests.test_authorisation_matrix import Scope, Target

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PARTICIPATE, MANAGE = "network.participate", "network.manage"


def extend(world) -> Scope:
    personas, orgs = world.personas, world.orgs
    coordinator, diakonie = personas.coordinator, orgs.diakonie
    contact = services.contact_create(actor=coordinator, organisation=orgs.partner,
                                      data={"name": "Kontakt (Matrix)", "languages": ["de"]})
    agreement = services.agreement_create(actor=coordinator, organisation=orgs.partner, kind="hosting",
                                          valid_from=timezone.localdate(),
                                          uploaded_file=SimpleUploadedFile("a.pdf", PDF))
    question = questions.question_ask(actor=personas.diakonie_counsellor, organisation=diakonie,
                                      competence_centre=diakonie, subject="Matrix", category="other",
                                      urgency="normal", text="Wie funktioniert das Verfahren?")
    questions.message_post(actor=coordinator, question=question, text="So.", expected_version=question.version)
    question.refresh_from_db()
    article = questions.article_create(actor=coordinator, question=question, data={
        "title": "Matrix", "question_text": "Wie?", "answer_text": "So.", "category": "other"})
    questions.article_publish(actor=coordinator, article=article, published=True, expected_version=article.version)
    partner = Target(orgs.partner, None, read=PARTICIPATE, write=MANAGE)
    asked = Target(question, diakonie, read=PARTICIPATE, write=PARTICIPATE)
    return Scope(
        prefixes={
            "network/partners/": partner,
            "network/contacts/": Target(contact, None, read=MANAGE, write=MANAGE),
            "network/agreements/": Target(agreement, None, read=MANAGE, write=MANAGE),
            "network/questions/": asked,
            "network/articles/": Target(article, diakonie, read=MANAGE, write=MANAGE),
            "network/knowledge/": Target(article, None, read=PARTICIPATE),
        },
        api_ids={"partner_id": partner, "question_id": asked},
    )
