"""The readable PDF of a subject-access export (Art. 15 GDPR), in German and in the person's
language.

A client source (settings.CLIENT_MESSAGE_SOURCES): the labels below are in every client
catalogue (locale/<lang>/), so the person reads the frame of the document in their language;
right to left for Arabic, Persian and Pashto, with Noto Naskh for Arabic script (apps.core.pdf,
as the reintegration plan does). The records' titles, field labels and words come from the apps
that hold them (their `privacy.py`); `apps/privacy/client_labels.py` puts them into every client
catalogue as well (tests: apps/privacy/tests/test_access_languages.py). Free text is printed as
the records hold it.
"""

import re
from datetime import date, datetime

from django.utils import formats, timezone, translation
from django.utils.translation import gettext_lazy as _

from apps.core.client_languages import client_language, client_language_for, client_language_or_default, is_rtl
from apps.core.pdf import ARABIC_SCRIPT, LATIN, NASKH, SHAPING_LANGUAGE, client_document

LABELS = {
    "title": _("Information about your personal data"),
    "intro": _("This document lists every record that %(organisation)s holds about you on %(date)s "
               "(Art. 15 GDPR). The file data.json holds the same data in a machine-readable form "
               "(Art. 20 GDPR). Your documents are in the folder \"documents\"."),
    "controller": _("Controller"),
    "person": _("Person"),
    "date": _("Date"),
    "records": _("Records"),
    "count": _("Number of records: %(count)s"),
    "files": _("Enclosed documents"),
    "none": _("We hold no records about you."),
    "yes": _("yes"),
    "no": _("no"),
    "rights": _("Your rights: you may ask us to correct wrong data (Art. 16 GDPR), to erase your data "
                "(Art. 17) or to restrict its use (Art. 18), and you may object to its use (Art. 21). "
                "You may complain to a data protection supervisory authority (Art. 77)."),
    "confidential": _("Confidential. Keep this document in a safe place."),
    "draft": _("Draft translation, not yet checked by a native speaker."),
}


ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)?)?$")


def pdf_language(code: str | None) -> str:
    """The client language the PDF prints in for a person's language (ISO 639: Dari "prs"
    prints in Persian); the default language where ReturnNet has no catalogue for it."""
    return client_language_for([code or ""])


def labels_for(language: str) -> dict[str, str]:
    with translation.override(language):
        return {key: str(label) for key, label in LABELS.items()}


def display(value, labels: dict[str, str]) -> str:
    """A field's value as text: lists joined, booleans in words, dates in the local format."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return labels["yes"] if value else labels["no"]
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value) if timezone.is_aware(value) else value,
                                   "SHORT_DATETIME_FORMAT")
    if isinstance(value, date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, dict):
        return "; ".join(f"{key}: {display(item, labels)}" for key, item in value.items()) or "—"
    if isinstance(value, list | tuple | set):
        return ", ".join(display(item, labels) for item in value) or "—"
    if isinstance(value, str) and ISO_DATE.match(value):
        # The sources give dates as ISO 8601 (for the JSON); a reader gets the local format.
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            return value
        return display(parsed.date() if len(value) == 10 else parsed, labels)
    return str(value)


class AccessPdf:
    def __init__(self, language: str):
        self.language = language
        self.labels = labels_for(language)
        self.rtl = is_rtl(language)
        pdf = client_document(self.labels["title"])
        # Arabic-script pages in Naskh (Latin falls back to DejaVu), the others the other way round.
        self.font = NASKH if self.rtl else LATIN
        if self.rtl:
            pdf.set_text_shaping(use_shaping_engine=True, script="arab",
                                 language=SHAPING_LANGUAGE.get(language, "ara"))
        else:
            pdf.set_text_shaping(use_shaping_engine=True)
        self.pdf = pdf

    def text(self, text, *, size: int = 10, bold: bool = False, height: float = 5) -> None:
        text = str(text) if text not in (None, "") else "—"
        # Naskh for any Arabic-script text (an Arabic name in the German PDF too): DejaVu lacks
        # some letters, and a word drawn in two fonts would not be joined.
        font = NASKH if ARABIC_SCRIPT.search(text) else self.font
        self.pdf.set_fallback_fonts([LATIN if font == NASKH else NASKH])
        self.pdf.set_font(font, "B" if bold else "", size)
        self.pdf.multi_cell(0, height, text, new_x="LMARGIN", new_y="NEXT", align="R" if self.rtl else "L")

    def output(self) -> bytes:
        return bytes(self.pdf.output())


def access_pdf(*, language: str, organisation: str, person: str, records: list, files: dict[int, list[str]],
               now: datetime) -> bytes:
    """The readable export in `language` (a client language). `records` are SubjectRecords
    (their lazy titles and labels are rendered in the language), `files` the names of each
    record's documents in the ZIP, by the record's index."""
    language = client_language_or_default(language)
    with translation.override(language):
        doc = AccessPdf(language)
        labels = doc.labels
        today = formats.date_format(timezone.localdate(now), "SHORT_DATE_FORMAT")
        doc.text(labels["title"], size=16, bold=True, height=9)
        doc.pdf.ln(2)
        doc.text(labels["intro"] % {"organisation": organisation, "date": today})
        doc.pdf.ln(2)
        for key, value in (("controller", organisation), ("person", person), ("date", today),
                           ("count", None)):
            if key == "count":
                doc.text(labels["count"] % {"count": len(records)}, bold=True)
            else:
                doc.text(f"{labels[key]}: {value}")
        doc.pdf.ln(3)
        doc.text(labels["records"], size=13, bold=True, height=7)
        if not records:
            doc.text(labels["none"])
        for index, record in enumerate(records):
            doc.pdf.ln(2)
            heading = str(record.title)
            if record.at:
                heading = f"{heading} — {display(record.at, labels)}"
            doc.text(heading, size=11, bold=True, height=6)
            for label, value in record.fields.items():
                doc.text(f"{label}: {display(value, labels)}", size=9, height=4.5)
            if files.get(index):
                doc.text(f"{labels['files']}: {', '.join(files[index])}", size=9, height=4.5)
        doc.pdf.ln(4)
        doc.text(labels["rights"], size=9, height=4.5)
        doc.pdf.ln(1)
        doc.text(labels["confidential"], size=8, height=4)
        found = client_language(language)
        if found is not None and not found.reviewed:
            doc.text(labels["draft"], size=7, height=4)
        return doc.output()
