"""Expert questions: asking, the identifier check, the thread, turnaround, mails, scoping,
and the knowledge base built from answers."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from apps.audit.models import AuditEntry
from apps.core.errors import ConcurrentEditError
from apps.jobs.testing import run_jobs
from apps.network import questions, rules, selectors
from apps.network.models import QuestionStatus
from tests.factories import make_person

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")
QUESTION = "Welche Unterlagen braucht eine Familie für eine REAG/GARP-Förderung nach Afghanistan?"


def ask(actor, organisation, centre, *, text=QUESTION, urgency="normal", subject="Unterlagen REAG/GARP"):
    return questions.question_ask(actor=actor, organisation=organisation, competence_centre=centre,
                                  subject=subject, category="programmes", urgency=urgency, text=text)


def answer(actor, question, text="Pässe oder Passersatzpapiere und der Antrag."):
    question.refresh_from_db()
    return questions.message_post(actor=actor, question=question, text=text, expected_version=question.version)


def test_a_question_with_a_phone_number_or_a_date_of_birth_is_refused_with_each_finding(personas, orgs):
    with pytest.raises(ValidationError) as refused:
        ask(personas.authority, orgs.authority, orgs.diakonie,
            text="Der Klient (geb. 12.03.1990) ist unter 0651 1234567 erreichbar.")
    messages = refused.value.message_dict["text"]
    assert any("12.03.1990" in m for m in messages)
    assert any("0651 1234567" in m for m in messages)
    assert not selectors.questions_visible_to(personas.authority).exists()


def test_names_of_the_askers_own_clients_are_refused_when_the_asker_reads_cases(personas, orgs):
    make_person(personas.counsellor, orgs.iom, family_name="Karimi", given_names="Ahmad")
    with pytest.raises(ValidationError) as refused:
        ask(personas.counsellor, orgs.iom, orgs.diakonie, text="Kann Herr Ahmad Karimi noch REAG beantragen?")
    assert any("Karimi" in m for m in refused.value.message_dict["text"])
    # Somebody who reads no cases learns nothing from the check about other organisations' clients.
    question = ask(personas.authority, orgs.authority, orgs.diakonie, text="Kann Karimi noch REAG beantragen?")
    assert question.pk


def test_the_due_date_follows_the_urgency_in_working_days(personas, orgs):
    # Thursday 17 December 2026: urgent → Monday 21st; normal → ten working days, Christmas
    # (25th, 26th) and New Year's Day not counted → Monday 4 January 2027.
    with time_machine.travel(datetime(2026, 12, 17, 10, 0, tzinfo=BERLIN), tick=False):
        urgent = ask(personas.authority, orgs.authority, orgs.diakonie, urgency="urgent")
        normal = ask(personas.authority, orgs.authority, orgs.diakonie)
    assert urgent.due_on == date(2026, 12, 21)
    assert normal.due_on == date(2027, 1, 4)


def test_the_first_answer_fixes_the_turnaround_in_working_days_and_hours(personas, orgs):
    with time_machine.travel(datetime(2026, 12, 4, 15, 0, tzinfo=BERLIN), tick=False):  # a Friday
        question = ask(personas.authority, orgs.authority, orgs.diakonie)
    with time_machine.travel(datetime(2026, 12, 7, 9, 30, tzinfo=BERLIN), tick=False):  # Monday
        answer(personas.coordinator, question)
    with time_machine.travel(datetime(2026, 12, 9, 9, 30, tzinfo=BERLIN), tick=False):
        answer(personas.coordinator, question, "Nachtrag: auch die Geburtsurkunden der Kinder.")
    question.refresh_from_db()
    assert question.status == QuestionStatus.ANSWERED
    assert question.answered_at == datetime(2026, 12, 7, 9, 30, tzinfo=BERLIN)
    assert question.assignee == personas.coordinator
    measured = rules.turnaround(question.asked_at, question.answered_at)
    assert (measured.working_days, measured.hours) == (1, 66.5)


def test_mails_name_no_question_text_only_a_link(personas, orgs, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        question = ask(personas.authority, orgs.authority, orgs.diakonie)
    run_jobs()
    assert [m.to for m in mail.outbox] == [[personas.coordinator.email]]
    assert f"/network/questions/{question.pk}/" in mail.outbox[0].body
    assert "Unterlagen" not in mail.outbox[0].body + mail.outbox[0].subject
    with django_capture_on_commit_callbacks(execute=True):
        answer(personas.coordinator, question)
    run_jobs()
    assert mail.outbox[1].to == [personas.authority.email]
    assert "Pässe" not in mail.outbox[1].body


def test_only_the_asking_organisation_and_the_kompetenzzentrum_see_the_question(personas, orgs):
    question = ask(personas.authority, orgs.authority, orgs.diakonie)
    assert selectors.question_for(personas.authority, question.pk) == question
    assert selectors.question_for(personas.coordinator, question.pk) == question
    for outsider in (personas.partner, personas.statistics, personas.counsellor, personas.network_admin,
                     personas.diakonie_counsellor):
        with pytest.raises(Http404):
            selectors.question_for(outsider, question.pk)
    with pytest.raises(PermissionDenied):
        questions.message_post(actor=personas.partner, question=question, text="Ich auch?", expected_version=1)


def test_a_message_needs_the_version_it_was_based_on(personas, orgs):
    question = ask(personas.authority, orgs.authority, orgs.diakonie)
    answer(personas.coordinator, question)
    with pytest.raises(ConcurrentEditError):
        questions.message_post(actor=personas.authority, question=question, text="Danke!", expected_version=1)


def test_the_asker_withdraws_an_unanswered_question_and_nobody_writes_to_it_afterwards(personas, orgs):
    question = ask(personas.authority, orgs.authority, orgs.diakonie)
    questions.question_close(actor=personas.authority, question=question, expected_version=question.version)
    assert question.status == QuestionStatus.WITHDRAWN
    with pytest.raises(ValidationError):
        questions.message_post(actor=personas.coordinator, question=question, text="Antwort",
                               expected_version=question.version)
    assert AuditEntry.objects.filter(action="expert_question.withdrawn", object_id=str(question.pk)).exists()


def test_an_answered_question_becomes_a_checked_article_that_the_network_finds_once_published(personas, orgs):
    question = ask(personas.authority, orgs.authority, orgs.diakonie)
    answer(personas.coordinator, question)
    data = {"title": "Unterlagen für REAG/GARP", "question_text": "Welche Unterlagen braucht eine Familie?",
            "answer_text": "Pässe oder Passersatzpapiere und der Antrag.", "category": "programmes",
            "tags": "REAG, Unterlagen"}
    with pytest.raises(ValidationError) as refused:
        questions.article_create(actor=personas.coordinator, question=question,
                                 data={**data, "answer_text": "Rückfragen an familie@example.org"})
    assert "answer_text" in refused.value.message_dict
    article = questions.article_create(actor=personas.coordinator, question=question, data=data)
    assert article.tags == ["reag", "unterlagen"]
    assert not selectors.articles_visible_to(personas.partner).exists()
    questions.article_publish(actor=personas.coordinator, article=article, published=True,
                              expected_version=article.version)
    assert list(selectors.articles_visible_to(personas.partner, text="familie pässe")) == [article]
    assert not selectors.articles_visible_to(personas.partner, text="familie visum").exists()
    assert not selectors.articles_visible_to(personas.partner, category="legal").exists()
    assert not selectors.articles_visible_to(personas.statistics).exists()
    questions.article_publish(actor=personas.coordinator, article=article, published=False,
                              expected_version=article.version)
    assert not selectors.articles_visible_to(personas.partner).exists()


def test_only_the_kompetenzzentrum_writes_articles(personas, orgs):
    question = ask(personas.authority, orgs.authority, orgs.diakonie)
    answer(personas.coordinator, question)
    with pytest.raises(PermissionDenied):
        questions.article_create(actor=personas.network_admin, question=question, data={"title": "x"})


def test_the_coordinators_queue_counts_open_and_overdue_questions(personas, orgs):
    with time_machine.travel(datetime(2026, 11, 2, 10, 0, tzinfo=BERLIN), tick=False):
        ask(personas.authority, orgs.authority, orgs.diakonie, urgency="urgent")
    with time_machine.travel(datetime(2026, 11, 5, 10, 0, tzinfo=BERLIN), tick=False):
        ask(personas.partner, orgs.partner, orgs.diakonie)
        assert selectors.centre_queue_counts(personas.coordinator) == {"open": 2, "overdue": 1}


def test_the_kompetenzzentrum_assigns_to_its_own_coordinators_only(personas, orgs):
    question = ask(personas.authority, orgs.authority, orgs.diakonie)
    with pytest.raises(ValidationError):
        questions.question_assign(actor=personas.coordinator, question=question, assignee=personas.network_admin,
                                  expected_version=question.version)
    with pytest.raises(PermissionDenied):
        questions.question_assign(actor=personas.authority, question=question, assignee=personas.coordinator,
                                  expected_version=question.version)
    questions.question_assign(actor=personas.coordinator, question=question, assignee=personas.coordinator,
                              expected_version=question.version)
    assert question.assignee == personas.coordinator
    entry = AuditEntry.objects.get(action="expert_question.assigned")
    assert entry.details == {"assignee_id": personas.coordinator.pk}
