"""The survey's questions and answer options and the plan's budget dimensions are shown in the
interface language: the survey's translations are stored with its rows, the dimensions are
gettext choices."""

from datetime import date

import pytest
from django.urls import reverse

from apps.reintegration import services
from apps.reintegration.models import SurveyQuestion, SurveyScale


def _visit(personas, iom_case):
    return services.visit_plan(actor=personas.counsellor, case=iom_case, planned_for=date(2026, 4, 1))


def _held_visit(personas, iom_case):
    visit = _visit(personas, iom_case)
    return services.visit_record(actor=personas.counsellor, visit=visit, expected_version=visit.version,
                                 done_on=date(2026, 4, 2), channel="phone",
                                 answers={"economic_satisfaction": "very_dissatisfied", "housing": "good"})


def test_every_shipped_question_and_answer_option_is_stored_in_german_and_english(db):
    questions = list(SurveyQuestion.objects.all())
    assert len(questions) == 22
    for question in questions:
        assert question.text and question.text_en and question.text != question.text_en, question.code
    for scale in SurveyScale.objects.all():
        for option in scale.options:
            assert option["label"] and option["label_en"], (scale.code, option["code"])


@pytest.mark.parametrize("language,shown,hidden", [
    ("de", ["Wie zufrieden sind Sie mit Ihrer derzeitigen wirtschaftlichen Situation?", "Sehr unzufrieden",
            "Ich möchte nicht antworten"],
     ["How satisfied are you", "Very dissatisfied", "I don&#x27;t wish to answer"]),
    ("en", ["How satisfied are you with your current economic situation?", "Very dissatisfied",
            "I don&#x27;t wish to answer"],
     ["Wie zufrieden sind Sie", "Sehr unzufrieden"]),
])
def test_survey_form_speaks_the_interface_language(client, personas, iom_case, language, shown, hidden):
    visit = _visit(personas, iom_case)
    client.force_login(personas.counsellor)
    client.cookies["django_language"] = language
    page = client.get(reverse("reintegration:visit_record", args=[visit.pk])).content.decode()
    for text in shown:
        assert text in page, text
    for text in hidden:
        assert text not in page, text


@pytest.mark.parametrize("language,question,answer", [
    ("de", "Wie beurteilen Sie den Standard Ihrer Unterkunft?", "Sehr unzufrieden"),
    ("en", "How do you rate the standard of your housing?", "Very dissatisfied"),
])
def test_recorded_answers_are_shown_in_the_interface_language(client, personas, iom_case, language, question,
                                                               answer):
    visit = _held_visit(personas, iom_case)
    client.force_login(personas.counsellor)
    client.cookies["django_language"] = language
    page = client.get(reverse("reintegration:visit_detail", args=[visit.pk])).content.decode()
    assert question in page and f"<td>{answer}</td>" in page


@pytest.mark.parametrize("language,labels", [
    ("de", ["Wirtschaftlich", "Sozial", "Psychosozial"]),
    ("en", ["Economic", "Social", "Psychosocial"]),
])
def test_budget_table_names_the_dimensions(client, personas, full_plan, language, labels):
    client.force_login(personas.counsellor)
    client.cookies["django_language"] = language
    page = client.get(reverse("reintegration:plan_detail", args=[full_plan.pk])).content.decode()
    for label in labels:
        assert f'<th scope="row">{label}</th>' in page
    assert "<td>economic</td>" not in page and "<td>psychosocial</td>" not in page
