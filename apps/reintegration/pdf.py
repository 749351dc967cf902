"""The reintegration plan as a PDF, in German or in the client's language.

Labels come from apps.reintegration.labels; the client's own texts are printed as entered.
Text in Arabic script (Arabic, Persian/Dari, Pashto) is shaped right to left with HarfBuzz
(fpdf2 text shaping); each piece of text is shaped on its own, so a Latin name inside an
Arabic-script page still reads left to right.
"""

import re

from django.utils import timezone

from apps.core.pdf import a4_document
from apps.reintegration.labels import RTL, SHAPING_LANGUAGE, labels_for, pdf_language

ARABIC_SCRIPT = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
WIDTH = 170  # A4 minus margins


class PlanPdf:
    def __init__(self, language: str):
        self.language = pdf_language(language)
        self.labels = labels_for(self.language)
        self.rtl = self.language in RTL
        self.pdf = a4_document(self.labels["title"])

    def _shape_for(self, text: str) -> None:
        if ARABIC_SCRIPT.search(text):
            self.pdf.set_text_shaping(use_shaping_engine=True, direction="rtl", script="arab",
                                      language=SHAPING_LANGUAGE.get(self.language, "ara"))
        else:
            self.pdf.set_text_shaping(use_shaping_engine=True, direction="ltr")

    def text(self, text: str, *, size: int = 11, bold: bool = False, height: float = 6) -> None:
        text = str(text or "—")
        self.pdf.set_font("DejaVu", "B" if bold else "", size)
        self._shape_for(text)
        self.pdf.multi_cell(0, height, text, new_x="LMARGIN", new_y="NEXT", align="R" if self.rtl else "L")

    def row(self, cells: list[str], widths: list[float], *, bold: bool = False) -> None:
        """One table row; columns run right to left on a right-to-left page."""
        pairs = list(zip(cells, widths, strict=True))
        if self.rtl:
            pairs.reverse()
        self.pdf.set_font("DejaVu", "B" if bold else "", 9)
        for text, width in pairs:
            text = str(text)
            self._shape_for(text)
            self.pdf.cell(width, 6, text, border=1, align="R" if self.rtl else "L")
        self.pdf.ln(6)

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
            widths = [52, 30, 17, 25, 20, 26]
            doc.row([labels["activity"], labels["responsible"], labels["due"], labels["budget"], "",
                     labels["funding"]], widths, bold=True)
            for activity in goal["activities"]:
                doc.row([activity["activity"][:48], activity["responsible"][:26], activity["due"],
                         _money(activity["budget_amount"]), labels[activity["budget_kind"]][:16],
                         activity["funding_source"][:22]], widths)
    if "budget" in data:
        doc.pdf.ln(4)
        doc.text(labels["budget_summary"], size=12, bold=True, height=7)
        widths = [62, 36, 36, 36]
        doc.row(["", labels["in_kind"], labels["cash"], labels["total"]], widths, bold=True)
        for dimension, amounts in data["budget"]["by_dimension"].items():
            doc.row([labels[dimension], _money(amounts["in_kind"]), _money(amounts["cash"]),
                     _money(amounts["total"])], widths)
        totals = data["budget"]["totals"]
        doc.row([labels["total"], _money(totals["in_kind"]), _money(totals["cash"]), _money(totals["total"])],
                widths, bold=True)
    doc.pdf.ln(6)
    doc.text(labels["footer"], size=8, height=4)
    return doc.output()
