"""PDF documents (fpdf2) with the DejaVu fonts shipped in apps/core/fonts.

The core PDF fonts know Latin-1 only; DejaVu covers umlauts, dashes and the Arabic script.
"""

from django.conf import settings
from fpdf import FPDF

FONTS = settings.BASE_DIR / "apps" / "core" / "fonts"
FONT = "DejaVu"


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
