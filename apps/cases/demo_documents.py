"""Demo documents: small generated PDFs marked "MUSTER – fiktives Dokument" on the showcase
cases (the newest IOM cases), uploaded through the service like any other document."""

from django.core.files.uploadedfile import SimpleUploadedFile
from fpdf import FPDF

from apps.cases.models import Case, Document, DocumentType
from apps.cases.services import document_upload
from apps.core.pdf import FONTS

SHOWCASE_CASES = 2
MARK = "MUSTER – fiktives Dokument"
# document type, title, file name
DOCUMENTS = [
    (DocumentType.PASSPORT, "Reisepass (Muster)", "reisepass_muster.pdf"),
    (DocumentType.CONSENT_FORM, "Einwilligungserklärung Beratung (Muster)", "einwilligung_muster.pdf"),
]


def muster_pdf(heading: str) -> bytes:
    """A one-page PDF that says in large letters that it is fictitious."""
    pdf = FPDF(format="A4")
    pdf.add_page()
    # A Unicode font for the dash and the umlauts; the core PDF fonts know Latin-1 only.
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.set_font("DejaVu", size=22)
    pdf.multi_cell(0, 14, MARK, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font_size(14)
    pdf.multi_cell(0, 10, heading, new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 10, "Alle Angaben in diesem Dokument sind erfunden. Demo-Daten von ReturnNet.")
    return bytes(pdf.output())


def seed(network) -> int:
    """Add the sample documents to showcase cases that have none yet; returns how many."""
    counsellor = network.users["counsellor"]
    cases = Case.objects.filter(organisation=network.organisations["IOM"]).select_related("household")
    created = 0
    for case in cases.order_by("-opened_at", "-id")[:SHOWCASE_CASES]:
        if Document.objects.filter(case=case).exists():
            continue
        principal = case.household.members.filter(is_principal=True).select_related("person").first()
        for document_type, title, file_name in DOCUMENTS:
            content = SimpleUploadedFile(file_name, muster_pdf(title), content_type="application/pdf")
            document_upload(actor=counsellor, case=case, person=principal.person if principal else None,
                            document_type=document_type, title=title, uploaded_file=content)
            created += 1
    return created
