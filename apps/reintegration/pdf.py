"""The reintegration plan as a PDF, in German or in the client's language.

Labels come from gettext (apps.reintegration.labels); the client's own texts are printed as
entered. Fonts (apps/core/fonts): Noto Naskh Arabic for Arabic, Persian/Dari and Pashto (it has
the Pashto letters DejaVu lacks, e.g. ۍ), DejaVu Sans for every other script, each the other's
fallback (a Latin name in a Pashto plan). Text is shaped with HarfBuzz; each paragraph's
direction follows its own letters (Unicode bidi), so a Latin name reads left to right on a
right-to-left page. Tables are fpdf2 tables: cells wrap inside their column (no text runs into
the next cell, in German or Arabic), every column has a header, and on a right-to-left page the
columns run from right to left.
"""


from django.utils import timezone
from fpdf.enums import TableCellFillMode
from fpdf.fonts import FontFace

from apps.core.client_languages import client_language
from apps.core.pdf import ARABIC_SCRIPT, LATIN, NASKH, SHAPING_LANGUAGE, client_document
from apps.reintegration.labels import labels_for, pdf_language, rtl

ACTIVITY_WIDTHS = (40, 30, 18, 22, 26, 34)  # mm; together the 170 mm between the margins
BUDGET_WIDTHS = (62, 36, 36, 36)


class PlanPdf:
    def __init__(self, language: str):
        self.language = pdf_language(language)
        self.labels = labels_for(self.language)
        self.rtl = rtl(self.language)
        pdf = client_document(self.labels["title"])
        # Arabic-script pages in Naskh (Latin falls back to DejaVu), the others the other way round.
        self.font, fallback = (NASKH, LATIN) if self.rtl else (LATIN, NASKH)
        pdf.set_fallback_fonts([fallback])
        if self.rtl:
            pdf.set_text_shaping(use_shaping_engine=True, script="arab",
                                 language=SHAPING_LANGUAGE.get(self.language, "ara"))
        else:
            pdf.set_text_shaping(use_shaping_engine=True)
        self.pdf = pdf

    @property
    def align(self) -> str:
        return "R" if self.rtl else "L"

    def font_for(self, text: str) -> str:
        """Naskh for any text in Arabic script (a Pashto goal in a German plan too: DejaVu lacks
        letters such as ۍ, and a word drawn in two fonts would not be joined), else the page's."""
        return NASKH if ARABIC_SCRIPT.search(text) else self.font

    def text(self, text: str, *, size: int = 11, bold: bool = False, height: float = 6) -> None:
        text = str(text or "—")
        font = self.font_for(text)
        self.pdf.set_fallback_fonts([LATIN if font == NASKH else NASKH])
        self.pdf.set_font(font, "B" if bold else "", size)
        self.pdf.multi_cell(0, height, text, new_x="LMARGIN", new_y="NEXT", align=self.align)

    def table(self, header: list[str], rows: list[list[str]], widths: tuple, *, bold_last: bool = False) -> None:
        """A table whose cells wrap within their column; right to left on a right-to-left page."""
        def ordered(cells):
            return list(reversed(cells)) if self.rtl else cells

        self.pdf.set_font(self.font, "", 8)
        self.pdf.set_fallback_fonts([LATIN if self.font == NASKH else NASKH])
        with self.pdf.table(col_widths=ordered(list(widths)), line_height=5,
                            text_align="RIGHT" if self.rtl else "LEFT", first_row_as_headings=True,
                headings_style=FontFace(fill_color=(230, 230, 230)),
                cell_fill_mode=TableCellFillMode.NONE, padding=1.2) as table:
            for index, cells in enumerate([header, *rows]):
                row = table.row()
                last = bold_last and index == len(rows)
                for cell in ordered([str(value) if value not in (None, "") else "—" for value in cells]):
                    row.cell(cell, style=FontFace(family=self.font_for(cell), emphasis="BOLD" if last else None))
        self.pdf.ln(2)

    def field(self, key: str, value: str) -> None:
        self.text(self.labels[key], bold=True, size=10, height=5)
        self.text(value, height=6)
        self.pdf.ln(1)

    def output(self) -> bytes:
        return bytes(self.pdf.output())


def _money(amount: str) -> str:
    return f"{amount} EUR"


def plan_pdf(data: dict, language: str) -> bytes:
    """Render plan data (apps.reintegration.selectors.plan_data) in `language`."""
    doc = PlanPdf(language)
    labels = doc.labels
    doc.text(labels["title"], size=16, bold=True, height=9)
    doc.pdf.ln(2)
    doc.field("date", f"{timezone.localdate():%d.%m.%Y}")
    if "name" in data:
        doc.field("name", f"{data['name']['given_names']} {data['name']['family_name']}".strip())
    if "birth_date" in data:
        doc.field("birth_date", data["birth_date"])
    if "phone" in data:
        doc.field("phone", data["phone"])
    if "languages" in data:
        doc.field("languages", ", ".join(data["languages"]))
    doc.field("partner", data.get("partner", ""))
    for goal in data.get("goals", []):
        doc.pdf.ln(2)
        doc.text(labels[goal["dimension"]], size=12, bold=True, height=7)
        doc.text(labels["goal"], bold=True, size=10, height=5)
        doc.text(goal["goal"])
        if goal["activities"]:
            doc.table([labels["activity"], labels["responsible"], labels["due"], labels["budget"], labels["kind"],
                       labels["funding"]],
                      [[activity["activity"], activity["responsible"], activity["due"],
                        _money(activity["budget_amount"]), labels[activity["budget_kind"]],
                        activity["funding_source"]] for activity in goal["activities"]], ACTIVITY_WIDTHS)
    if "budget" in data:
        doc.pdf.ln(2)
        doc.text(labels["budget_summary"], size=12, bold=True, height=7)
        totals = data["budget"]["totals"]
        rows = [[labels[dimension], _money(amounts["in_kind"]), _money(amounts["cash"]), _money(amounts["total"])]
                for dimension, amounts in data["budget"]["by_dimension"].items()]
        rows.append([labels["total"], _money(totals["in_kind"]), _money(totals["cash"]), _money(totals["total"])])
        doc.table([labels["dimension"], labels["in_kind"], labels["cash"], labels["total"]], rows, BUDGET_WIDTHS,
                  bold_last=True)
    doc.pdf.ln(4)
    doc.text(labels["footer"], size=8, height=4)
    if labels.get("draft") and not _reviewed(doc.language):
        doc.text(labels["draft"], size=7, height=4)
    return doc.output()


def _reviewed(language: str) -> bool:
    found = client_language(language)
    return found is None or found.reviewed
