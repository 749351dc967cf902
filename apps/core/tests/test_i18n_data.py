"""Labels stored with their data: the helper picks the active language, and the shipped
taxonomies read German in German and English in English."""

from types import SimpleNamespace

import pytest
from django.utils import translation

from apps.accounts.models import Role
from apps.applications.models import ProcessingTime
from apps.assessments.models import AssessmentQuestion, VulnerabilityType
from apps.cases.models import Topic
from apps.core.i18n_data import translated, translations_of
from apps.programmes.models import Programme
from apps.referrals.models import ServiceType

ROW = SimpleNamespace(name="Rechtsberatung", name_en="Legal advice", name_translations={"ar": "استشارة قانونية"})
OPTION = {"code": "very_poor", "label": "Sehr schlecht", "label_en": "Very poor"}


@pytest.mark.parametrize("language,expected", [
    ("de", "Rechtsberatung"), ("en", "Legal advice"), ("en-gb", "Legal advice"), ("ar", "استشارة قانونية"),
    # No text of its own: the German original (pages mark it lang="de"), never empty.
    ("fa", "Rechtsberatung"),
])
def test_translated_picks_the_language_and_falls_back_to_the_original(language, expected):
    assert translated(ROW, "name", language) == expected


def test_translated_follows_the_active_language_and_reads_mappings():
    with translation.override("en"):
        assert translated(OPTION, "label") == "Very poor"
    with translation.override("de"):
        assert translated(OPTION, "label") == "Sehr schlecht"


def test_an_empty_english_text_falls_back_to_the_original():
    assert translated({"label": "Geht so", "label_en": ""}, "label", "en") == "Geht so"


def test_translations_of_lists_every_filled_language():
    assert translations_of(ROW) == {"de": "Rechtsberatung", "en": "Legal advice", "ar": "استشارة قانونية"}
    assert translations_of({"label": "Ja", "label_en": ""}, "label") == {"de": "Ja"}


@pytest.mark.parametrize("model", [Topic, ServiceType, VulnerabilityType, AssessmentQuestion, Programme, Role,
                                   ProcessingTime])
def test_every_shipped_taxonomy_row_reads_german_in_german_and_english_in_english(db, model):
    rows = list(model.objects.all())
    assert rows, f"{model.__name__}: the data migration ships rows"
    field = "text" if model is AssessmentQuestion else "name"
    for row in rows:
        german, english = getattr(row, field), getattr(row, f"{field}_en")
        assert german and english, f"{model.__name__} {row.code}: German and English are stored with the row"
        with translation.override("de"):
            assert str(row) == german
        with translation.override("en"):
            assert str(row) == english
