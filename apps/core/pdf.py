"""PDF documents (fpdf2) with the DejaVu fonts shipped in apps/core/fonts.

The core PDF fonts know Latin-1 only; DejaVu covers umlauts, dashes and the Arabic script.
"""

import re

from django.conf import settings
from fpdf import FPDF

FONTS = settings.BASE_DIR / "apps" / "core" / "fonts"
FONT = "DejaVu"
LATIN = FONT
# Noto Naskh covers the Arabic-script letters DejaVu lacks (Pashto ۍ among them).
NASKH = "NotoNaskh"
ARABIC_SCRIPT = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
# HarfBuzz language tags (OpenType): the letter forms differ slightly between them.
SHAPING_LANGUAGE = {"ar": "ara", "fa": "fas", "ps": "pus"}


def a4_document(title: str) -> FPDF:
    """An A4 document titled `title`, on its first page, with 20 mm margins and the fonts
    FONT (regular) and FONT in bold ("B") loaded."""
    pdf = FPDF(format="A4")
    pdf.set_title(title)
    pdf.add_font(FONT, "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_margins(20, 20, 20)
    pdf.add_page()
    return pdf


def client_document(title: str) -> FPDF:
    """An A4 document for clients, on its first page (20 mm margins, page breaks): LATIN and
    NASKH loaded, regular and bold, so any client language can be set in it."""
    pdf = FPDF(format="A4")
    pdf.set_title(title)
    pdf.set_creator("ReturnNet")
    pdf.add_font(LATIN, "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font(LATIN, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.add_font(NASKH, "", str(FONTS / "NotoNaskhArabic-Regular.ttf"))
    pdf.add_font(NASKH, "B", str(FONTS / "NotoNaskhArabic-Bold.ttf"))
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    return pdf
