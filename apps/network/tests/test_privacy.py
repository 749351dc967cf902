"""The network's record types (apps.network.privacy): expert questions, withdrawn contacts."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from apps.network import privacy
from apps.network.models import ExpertQuestion, KnowledgeArticle, PartnerContact, QuestionMessage, QuestionStatus
from apps.privacy.registry import ANONYMISE, DELETE, RetentionScope


@pytest.fixture(autouse=True)
def _clock(fixed_clock):
    """Periods count back from "now": a fixed moment (conftest.FIXED_MOMENT), not the day of the run."""


def question(personas, orgs, *, days_ago, status=QuestionStatus.CLOSED):
    moment = timezone.now() - timedelta(days=days_ago)
    asked = ExpertQuestion.objects.create(
        organisation=orgs.authority, competence_centre=orgs.diakonie, asked_by=personas.authority,
        assignee=personas.coordinator, subject="Frage von Frau Marker", category="programmes", status=status,
        asked_at=moment, due_on=date(2020, 1, 1), closed_at=moment if status != QuestionStatus.OPEN else None)
    QuestionMessage.objects.create(question=asked, author=personas.authority, text="Marker fragt", posted_at=moment)
    QuestionMessage.objects.create(question=asked, author=personas.coordinator, from_centre=True, text="Antwort",
                                   posted_at=moment)
    return asked


def scope(orgs, months):
    return RetentionScope(organisation_id=orgs.diakonie.pk, now=timezone.now(), months=months,
                          held_case_ids=frozenset())


def test_closed_questions_are_anonymised_after_the_period_and_articles_stay(personas, orgs):
    old = question(personas, orgs, days_ago=800)
    still_open = question(personas, orgs, days_ago=800, status=QuestionStatus.OPEN)
    recent = question(personas, orgs, days_ago=30)
    article = KnowledgeArticle.objects.create(question=old, organisation=orgs.diakonie, title="REAG",
                                              question_text="Anonymisiert", answer_text="So geht es",
                                              category="programmes")

    assert list(privacy.questions_due(scope(orgs, 24))) == [old]
    assert privacy.questions_apply(privacy.questions_due(scope(orgs, 24)), ANONYMISE) == 1

    old.refresh_from_db()
    assert (old.subject, old.asked_by, old.assignee, old.category) == (privacy.ANONYMISED_TEXT, None, None,
                                                                       "programmes")
    assert set(old.messages.values_list("text", flat=True)) == {privacy.ANONYMISED_TEXT}
    assert not old.messages.filter(author__isnull=False).exists()
    assert KnowledgeArticle.objects.get(pk=article.pk).answer_text == "So geht es"
    for kept in (still_open, recent):
        assert ExpertQuestion.objects.get(pk=kept.pk).subject == "Frage von Frau Marker"
    assert not privacy.questions_due(scope(orgs, 24)).exists()


def test_contacts_who_withdrew_their_consent_are_deleted_after_the_period(orgs):
    gone = PartnerContact.objects.create(organisation=orgs.diakonie, name="Marker",
                                         consent_withdrawn_at=timezone.now() - timedelta(days=45))
    listed = PartnerContact.objects.create(organisation=orgs.diakonie, name="Listed", consent_given_on=date(2026, 1, 1))
    assert privacy.contacts_apply(privacy.contacts_due(scope(orgs, 1)), DELETE) == 1
    assert not PartnerContact.objects.filter(pk=gone.pk).exists()
    assert PartnerContact.objects.filter(pk=listed.pk).exists()
