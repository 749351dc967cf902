"""The referral letter carries exactly the shared fields of the snapshot, in German."""

import io

import pytest
from django.utils import translation
from pypdf import PdfReader

from apps.referrals import services
from apps.referrals.letter import referral_letter

pytestmark = pytest.mark.django_db


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_letter_shows_shared_fields_and_nothing_else(personas, make_referral, referral_consent):
    referral = services.referral_send(actor=personas.counsellor, referral=make_referral(("name", "reason")))
    text = text_of(referral_letter(referral))
    assert "Mohammad Hosseini" in text
    assert "pending appeal" in text
    assert "17.05.1990" not in text  # the date of birth was not shared
    assert "Caritas Trier" in text and "IOM Rheinland-Pfalz" in text
    assert referral.number in text
    assert referral.case.reference not in text  # the sender's case reference stays with the sender


def test_the_letter_shows_the_date_of_birth_when_shared(personas, make_referral, referral_consent):
    referral = services.referral_send(actor=personas.counsellor, referral=make_referral(("name", "birth_date")))
    text = text_of(referral_letter(referral))
    assert "17.05.1990" in text
    assert "pending appeal" not in text


def test_the_letter_is_written_in_german_whatever_the_ui_language(personas, make_referral, referral_consent):
    referral = services.referral_send(actor=personas.counsellor, referral=make_referral(("name", "phone")))
    with translation.override("en"):
        text = text_of(referral_letter(referral))
        assert translation.get_language() == "en"
    assert "Telefon" in text and "Datum" in text
    assert "Phone" not in text
