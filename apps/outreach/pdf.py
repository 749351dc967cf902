"""Printable flyers (A4 PDF) from a material's text in one client language, with the QR code
of the portal's materials page in that language.

Fonts (apps/core/fonts): DejaVu Sans covers Latin (Turkish, Albanian, Kurmanji, Serbian
letters), Cyrillic and Georgian; Noto Naskh Arabic covers the Arabic script including the
Pashto letters DejaVu lacks (ۍ). Each paragraph is shaped with HarfBuzz in its own
direction: Arabic script right to left in Noto Naskh, everything else left to right in
DejaVu, each with the other as fallback for stray characters (a Latin word in a Persian
text). The flyer's words are data typed per language, never gettext strings.
"""

import io

import segno
from fpdf import FPDF

from apps.core.client_languages import is_rtl
from apps.core.pdf import ARABIC_SCRIPT, LATIN, NASKH, SHAPING_LANGUAGE, client_document

QR_SIZE = 45  # mm: scannable from an arm's length on a printed page


def _paragraph(pdf: FPDF, text: str, *, language: str, size: float, bold: bool, height: float) -> None:
    style = "B" if bold else ""
    if ARABIC_SCRIPT.search(text):
        pdf.set_font(NASKH, style, size)
        pdf.set_fallback_fonts([LATIN])
        pdf.set_text_shaping(use_shaping_engine=True, direction="rtl", script="arab",
                             language=SHAPING_LANGUAGE.get(language, "ara"))
    else:
        pdf.set_font(LATIN, style, size)
        pdf.set_fallback_fonts([NASKH])
        pdf.set_text_shaping(use_shaping_engine=True, direction="ltr")
    pdf.multi_cell(0, height, text, new_x="LMARGIN", new_y="NEXT", align="R" if is_rtl(language) else "L")


def qr_png(url: str, scale: int = 10) -> bytes:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=scale, border=2)
    return buffer.getvalue()


def flyer_pdf(*, material, text, base_url: str) -> bytes:
    """The flyer of `material` from `text` (a MaterialText); the QR code points to the portal's
    materials page in the text's language under `base_url` (scheme and host)."""
    return bytes(flyer_document(text=text, base_url=base_url).output())


def characters_drawn(pdf: FPDF) -> set[str]:
    """Every character some embedded font drew a real glyph for (shaped forms count for the
    letter they show). A character no font covers is missing here: the test for coverage."""
    drawn = set()
    for font in pdf.fonts.values():
        for glyph, _cid in font.subset.items():
            drawn.update(chr(code) for code in glyph.unicode if code)
    return drawn


def flyer_document(*, text, base_url: str) -> FPDF:
    from apps.outreach.links import portal_materials_url

    language = text.language
    pdf = client_document(text.title)
    pdf.set_lang(language)
    _paragraph(pdf, text.title, language=language, size=24, bold=True, height=12)
    pdf.ln(6)
    for block in (text.body or "").split("\n\n"):
        block = block.strip()
        if block:
            _paragraph(pdf, block, language=language, size=13, bold=False, height=7.5)
            pdf.ln(3)
    url = portal_materials_url(base_url, language)
    if pdf.get_y() > pdf.h - 20 - QR_SIZE - 12:
        pdf.add_page()
    y = pdf.h - 20 - QR_SIZE - 8
    x = pdf.w - pdf.r_margin - QR_SIZE if is_rtl(language) else pdf.l_margin
    pdf.image(io.BytesIO(qr_png(url)), x=x, y=y, w=QR_SIZE, h=QR_SIZE)
    pdf.set_xy(pdf.l_margin, y + QR_SIZE + 1)
    pdf.set_font(LATIN, "", 9)
    pdf.set_text_shaping(use_shaping_engine=True, direction="ltr")
    pdf.cell(0, 5, url, align="R" if is_rtl(language) else "L")
    return pdf
