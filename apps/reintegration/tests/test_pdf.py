"""The plan PDF and its label table, read back with pypdf."""

import io

import pytest
from pypdf import PdfReader

from apps.reintegration.labels import KEYS, LABELS, pdf_language
from apps.reintegration.pdf import plan_pdf

# DejaVu Sans (apps/core/fonts) lacks U+06CD (Pashto yeh with tail), so the sample avoids it.
DATA = {
    "plan_id": 1, "partner": "IOM Kabul (fiktiv)", "language": "ps", "fields": ["name", "plan"],
    "name": {"family_name": "Ahmadzai", "given_names": "Gul"},
    "goals": [{"dimension": "psychosocial", "goal": "د کلي ښوونځي ته بېرته تګ", "activities": [
        {"activity": "Counselling sessions", "responsible": "IOM", "due": "05/2027", "budget_amount": "0.00",
         "budget_kind": "in_kind", "funding_source": "", "status": "planned"}]}],
}


def _text(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_every_language_has_every_label():
    for language, labels in LABELS.items():
        assert set(labels) == set(KEYS), language


@pytest.mark.parametrize("code,expected", [("ar", "ar"), ("prs", "fa"), ("fa", "fa"), ("ps", "ps"), ("pus", "ps"),
                                           ("TR", "tr"), ("ru", "ru"), ("de", "de"), ("ti", "en"), ("", "en")])
def test_pdf_language_maps_dari_to_persian_and_falls_back_to_english(code, expected):
    assert pdf_language(code) == expected


@pytest.mark.parametrize("language", ["ps", "fa", "ar"])
def test_right_to_left_labels_and_client_text_are_extractable(language):
    text = _text(plan_pdf(DATA, language))
    for key in ("title", "psychosocial", "partner", "name"):
        assert LABELS[language][key] in text
    assert "د کلي ښوونځي ته بېرته تګ" in text and "Gul Ahmadzai" in text and "Counselling sessions" in text


@pytest.mark.parametrize("language", ["de", "tr", "ru", "en"])
def test_left_to_right_labels(language):
    text = _text(plan_pdf(DATA, language))
    assert LABELS[language]["title"] in text and LABELS[language]["activity"] in text


def test_only_the_given_fields_are_printed():
    text = _text(plan_pdf({"plan_id": 1, "partner": "X (fiktiv)", "fields": []}, "de"))
    assert "Name" not in text and "Ziel" not in text and "Budgetübersicht" not in text
