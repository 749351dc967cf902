"""Flyers: every client language is drawn with real glyphs, Arabic script right to left."""

import io
from types import SimpleNamespace

import pytest
from pypdf import PdfReader

from apps.outreach import pdf

TEXTS = {
    "ar": ("استشارة مجانية حول العودة", "الاستشارة مجانية وسرية ومستقلة."),
    # Pashto letters DejaVu lacks (ۍ) or shapes specially (ښ ږ ځ ګ ټ ړ).
    "ps": ("د بېرته ستنېدو وړیا مشوره", "ښځې او سړي، ږ، ۍ، ګ، ټ، ړ — موږ ستاسو سره مرسته کوو."),
    "fa": ("مشاوره رایگان بازگشت", "مشاوره رایگان، محرمانه و مستقل است."),
    "ka": ("უფასო კონსულტაცია დაბრუნებაზე", "კონსულტაცია უფასო და კონფიდენციალურია."),
    "ru": ("Бесплатная консультация по возвращению", "Консультация бесплатная, конфиденциальная. Ёж, щука."),
    "uk": ("Безкоштовна консультація", "Ми допоможемо вам. Ї, є, ґ."),
    "tr": ("Ücretsiz geri dönüş danışmanlığı", "Danışmanlık ücretsiz ve gizlidir. İ ı ğ ş."),
    "sq": ("Këshillim falas", "Këshillimi është falas dhe konfidencial. Ç ë."),
    "kmr": ("Şêwirmendiya belaş", "Şêwirmendî belaş û veşartî ye. Ê û î ç ş."),
    "sr-latn": ("Besplatno savetovanje", "Savetovanje je besplatno. Č ć đ š ž."),
}


def _text(language):
    title, body = TEXTS[language]
    return SimpleNamespace(language=language, title=title, body=body)


@pytest.mark.parametrize("language", sorted(TEXTS))
def test_every_letter_of_the_flyer_has_a_glyph(language):
    document = pdf.flyer_document(text=_text(language), base_url="https://returnnet.example")
    letters = {c for c in "".join(TEXTS[language]) if not c.isspace()}
    assert letters - pdf.characters_drawn(document) == set()


def test_the_coverage_check_notices_a_font_without_the_pashto_letter():
    # DejaVu alone has no ۍ: the check above must be able to fail.
    document = pdf.client_document("x")
    document.set_font(pdf.LATIN, "", 12)
    document.set_text_shaping(use_shaping_engine=True, direction="rtl", script="arab", language="pus")
    document.multi_cell(0, 6, "ۍ ږ")
    assert "ۍ" not in pdf.characters_drawn(document)
    assert "ږ" in pdf.characters_drawn(document)


@pytest.mark.parametrize("language", ["ar", "ps", "ka", "ru"])
def test_the_flyer_reads_back_with_its_text_and_portal_link(language):
    data = pdf.flyer_pdf(material=None, text=_text(language), base_url="https://returnnet.example")
    text = " ".join(PdfReader(io.BytesIO(data)).pages[0].extract_text().split())
    assert TEXTS[language][0] in text
    assert f"https://returnnet.example/{language}/materials/" in text


def test_arabic_script_is_shaped_right_to_left_with_the_qr_code_on_the_right():
    document = pdf.flyer_document(text=_text("fa"), base_url="https://returnnet.example")
    # Shaped: the letters take their joined forms (initial, medial), not the isolated ones.
    naskh = document.fonts["notonaskh"]  # the body (the title is bold)
    forms = {glyph.unicode: glyph.glyph_name for glyph, _cid in naskh.subset.items()}
    # "مستقل": the joined (contextual) form of م differs from its isolated form in the cmap.
    assert forms[(ord("م"),)] != naskh.cmap[ord("م")]
    page = PdfReader(io.BytesIO(bytes(document.output()))).pages[0]
    # Read back in logical order: the first word of the title comes first.
    assert page.extract_text().startswith("مشاوره")
    assert len(list(page.images)) == 1
