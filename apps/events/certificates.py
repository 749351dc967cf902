"""Participation certificates (Teilnahmebescheinigung) as A4 PDF.

An official German document: its words are German whatever the reader's language (a
certificate is shown to German employers and authorities), so they are written here, not
translated through gettext.
"""

from django.utils import timezone

from apps.core.pdf import FONT, a4_document
from apps.events.models import Registration


def _dates(event) -> str:
    start, end = timezone.localtime(event.starts_at), timezone.localtime(event.ends_at)
    if start.date() == end.date():
        return f"am {start:%d.%m.%Y} von {start:%H:%M} bis {end:%H:%M} Uhr"
    return f"vom {start:%d.%m.%Y} bis {end:%d.%m.%Y}"


def _hours(hours: float) -> str:
    text = f"{hours:.2f}".rstrip("0").rstrip(".").replace(".", ",")
    return f"{text} Zeitstunde" + ("" if hours == 1 else "n")


def certificate_pdf(registration: Registration) -> bytes:
    """The certificate of one attended registration (the caller checked the status)."""
    event = registration.event
    pdf = a4_document(f"Teilnahmebescheinigung – {event.title}")
    pdf.set_lang("de")
    pdf.set_creator("ReturnNet")
    pdf.set_font(FONT, "", 10)
    pdf.cell(0, 6, event.organisation.name, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(25)
    pdf.set_font(FONT, "B", 22)
    pdf.cell(0, 12, "Teilnahmebescheinigung", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(12)
    pdf.set_font(FONT, "", 12)
    pdf.multi_cell(0, 7, "Hiermit wird bescheinigt, dass", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font(FONT, "B", 16)
    pdf.multi_cell(0, 9, registration.name, align="C", new_x="LMARGIN", new_y="NEXT")
    if registration.organisation_label:
        pdf.set_font(FONT, "", 12)
        pdf.multi_cell(0, 7, f"({registration.organisation_label})", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font(FONT, "", 12)
    pdf.multi_cell(0, 7, f"{_dates(event)} an der Veranstaltung", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font(FONT, "B", 14)
    pdf.multi_cell(0, 8, event.title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font(FONT, "", 12)
    pdf.multi_cell(0, 7, f"im Umfang von {_hours(event.hours)} teilgenommen hat.", align="C",
                   new_x="LMARGIN", new_y="NEXT")
    pdf.ln(12)
    facts = [("Art der Veranstaltung", KIND_DE.get(event.kind, "")), ("Veranstalter", event.organisation.name)]
    place = ", ".join(p for p in (event.place, event.address) if p)
    if event.format == event.Format.ONLINE:
        place = "online"
    elif event.format == event.Format.HYBRID:
        place = f"{place} und online" if place else "online"
    facts.append(("Ort", place))
    for label, value in facts:
        pdf.set_font(FONT, "B", 11)
        pdf.cell(55, 7, f"{label}:")
        pdf.set_font(FONT, "", 11)
        pdf.multi_cell(0, 7, value, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(25)
    issued = timezone.localdate()
    pdf.set_font(FONT, "", 11)
    pdf.cell(0, 7, f"Ausgestellt am {issued:%d.%m.%Y}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(15)
    pdf.cell(80, 0, "", border="T", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)
    pdf.set_font(FONT, "", 9)
    pdf.cell(0, 5, f"Für den Veranstalter: {event.organisation.name}", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


KIND_DE = {
    "exchange": "Austauschtreffen",
    "information": "Informationsveranstaltung",
    "training": "Schulung für Rückkehrberaterinnen und -berater der Ausländerbehörden",
    "conference": "Fachtagung",
}


def certificate_filename(registration: Registration) -> str:
    from apps.core.storage import safe_filename

    return safe_filename(f"Teilnahmebescheinigung-{registration.event.title}-{registration.name}.pdf",
                         "application/pdf")


def certificate_issue(registration: Registration, *, actor=None, via: str) -> bytes:
    """The certificate of an attended registration, its issue audited (by the organiser, the
    participant through the network, or the participant's manage link)."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    from apps.audit.services import record

    if registration.status != Registration.Status.ATTENDED:
        raise ValidationError(_("A certificate is issued only for attendance."))
    data = certificate_pdf(registration)
    record(actor, "event.certificate_issued", registration, organisation_id=registration.event.organisation_id,
           details={"event": registration.event_id, "via": via})
    return data
