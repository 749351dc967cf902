"""The plan PDF: labels from gettext in the client's language, Arabic-script shaping with the
Pashto letters, tables whose cells never run into each other, read back with pypdf."""

import io
import re

import pytest
from django.utils import translation
from pypdf import PdfReader

from apps.outreach.pdf import characters_drawn
from apps.reintegration.labels import KEYS, labels_for, pdf_language
from apps.reintegration.pdf import ACTIVITY_WIDTHS, PlanPdf, plan_pdf

MM = 72 / 25.4
DATA = {
    "plan_id": 1, "partner": "IOM Kabul (fiktiv)", "language": "ps", "fields": ["name", "plan"],
    "name": {"family_name": "Ahmadzai", "given_names": "Gul"},
    "goals": [{"dimension": "psychosocial", "goal": "د کلي ښوونځي ته بېرته تګ، ځوانۍ", "activities": [
        {"activity": "Counselling sessions", "responsible": "Internationale Organisation für Migration Kabul",
         "due": "02/2027", "budget_amount": "0.00", "budget_kind": "in_kind", "funding_source": "",
         "status": "planned"}]}],
    "budget": {"by_dimension": {"psychosocial": {"in_kind": "0.00", "cash": "0.00", "total": "0.00"}},
               "totals": {"in_kind": "0.00", "cash": "0.00", "total": "0.00"}},
}


def _text(pdf: bytes) -> str:
    """The words of every page, white space (and a table cell's wrapping) as single spaces."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())


def _runs(pdf: bytes) -> list[tuple[float, float, str]]:
    """(x, y, text) of every text run on the first page, in points from the bottom left."""
    runs = []

    def visit(text, _cm, tm, _font, _size):
        if text.strip():
            runs.append((tm[4], tm[5], text))

    PdfReader(io.BytesIO(pdf)).pages[0].extract_text(visitor_text=visit)
    return runs


def test_every_label_is_a_gettext_string_translated_per_language():
    german, arabic = labels_for("de"), labels_for("ar")
    assert set(german) == set(arabic) == set(KEYS)
    with translation.override("ar"):
        assert arabic["title"] == translation.gettext("Reintegration plan") != "Reintegration plan"


@pytest.mark.parametrize("code,expected", [("ar", "ar"), ("prs", "fa"), ("fa", "fa"), ("ps", "ps"), ("pus", "ps"),
                                           ("TR", "tr"), ("ru", "ru"), ("uk", "uk"), ("ka", "ka"), ("sq", "sq"),
                                           ("sr", "sr-latn"), ("ku", "kmr"), ("fr", "fr"), ("de", "de")])
def test_pdf_language_maps_a_persons_language_to_a_client_language(code, expected):
    assert pdf_language(code) == expected


def test_a_language_without_a_catalogue_prints_in_the_default_language(settings):
    settings.LANGUAGE_CODE = "de"
    assert pdf_language("ti") == pdf_language("") == "de"


@pytest.mark.parametrize("language", ["ps", "fa", "ar"])
def test_right_to_left_labels_and_client_text_are_extractable(language):
    text = _text(plan_pdf(DATA, language))
    labels = labels_for(language)
    for key in ("title", "psychosocial", "partner", "name", "activity", "dimension"):
        assert labels[key] in text, key
    assert "د کلي ښوونځي ته بېرته تګ" in text and "Gul Ahmadzai" in text and "Counselling sessions" in text


@pytest.mark.parametrize("language", ["ps", "de"])  # a Pashto goal in a German plan too
def test_the_pashto_letter_with_tail_is_drawn_by_a_font_not_a_tofu(language):
    doc = PlanPdf(language)
    doc.text("ځوانۍ")
    doc.table(["Ziel"], [["ښوونځۍ"]], (170,))
    doc.output()
    assert {"ۍ", "ځ", "ښ"} <= characters_drawn(doc.pdf)
    assert "ځوانۍ" in _text(bytes(doc.pdf.output()))


@pytest.mark.parametrize("language", ["de", "tr", "ru", "uk", "ka", "sq", "sr-latn", "kmr", "fr", "en"])
def test_left_to_right_labels(language):
    text = _text(plan_pdf(DATA, language))
    labels = labels_for(language)
    assert labels["title"] in text and labels["activity"] in text and labels["kind"] in text


def _column_of(x: float, widths, rtl: bool) -> int:
    edges, left = [], 20 * MM
    for width in (reversed(widths) if rtl else widths):
        edges.append((left, left + width * MM))
        left += width * MM
    index = next(i for i, (start, end) in enumerate(edges) if start - 0.5 <= x < end)
    return len(widths) - 1 - index if rtl else index


def _is_due(text: str) -> bool:
    """The plan's due date ("02/2027"; right to left in runs " 02" and "2027"), not the date
    the PDF was printed on, which is in 2027 too when the clock is."""
    return "2027" in text and not re.search(r"\d\d\.\d\d\.2027", text)


@pytest.mark.parametrize(("language", "rtl"), [("de", False), ("ar", True)])
def test_the_due_date_starts_in_its_own_column_and_the_long_partner_name_wraps_in_its_own(language, rtl):
    runs = _runs(plan_pdf(DATA, language))
    due = [x for x, _y, text in runs if _is_due(text)]
    partner = [(x, y) for x, y, text in runs if any(word in text for word in ("Internationale", "Migration"))]
    assert due and partner
    assert {_column_of(x, ACTIVITY_WIDTHS, rtl) for x in due} == {2}       # "due" is the third column
    assert {_column_of(x, ACTIVITY_WIDTHS, rtl) for x, _y in partner} == {1}  # "responsible"
    assert len({y for _x, y in partner}) >= 2  # the name did not fit one line: it wrapped instead of running on


def test_on_a_right_to_left_page_the_first_column_is_on_the_right():
    runs = _runs(plan_pdf(DATA, "ar"))
    activity_x = min(x for x, _y, text in runs if "Counselling" in text)
    due_x = min(x for x, _y, text in runs if _is_due(text))
    assert activity_x > due_x


def test_only_the_given_fields_are_printed():
    text = _text(plan_pdf({"plan_id": 1, "partner": "X (fiktiv)", "fields": []}, "en"))
    assert "Name" not in text and "Goal" not in text and "Budget summary" not in text
