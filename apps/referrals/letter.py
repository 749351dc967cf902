"""The referral letter (PDF, always German): sender, provider, date, the referral number and
only the fields the client agreed to share, as they were when the referral was sent. The
letter goes to the provider: it names the referral, not the sender's case."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from apps.core.pdf import a4_document
from apps.referrals.models import Referral
from apps.referrals.selectors import shared_data, shared_rows


def referral_letter(referral: Referral) -> bytes:
    shared = shared_data(referral)
    service, sender = referral.service, referral.case.organisation
    recipient = referral.recipient_organisation or service.provider
    with override("de"):
        pdf = a4_document(str(_("Referral")))
        pdf.set_font("DejaVu", size=9)
        pdf.multi_cell(0, 5, sender.name, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(8)
        pdf.set_font("DejaVu", size=11)
        for line in (recipient.name, service.name, service.street,
                     f"{service.postcode} {service.city}".strip()):
            if line:
                pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(8)
        sent = timezone.localtime(referral.sent_at or timezone.now())
        # Labels outside the f-strings, where makemessages finds them.
        date_label, reference_label = _("Date"), _("Our reference")
        pdf.multi_cell(0, 6, f"{date_label}: {sent:%d.%m.%Y}", new_x="LMARGIN", new_y="NEXT", align="R")
        pdf.multi_cell(0, 6, f"{reference_label}: {referral.number}", new_x="LMARGIN", new_y="NEXT",
                       align="R")
        pdf.ln(6)
        pdf.set_font("DejaVu", "B", 13)
        pdf.multi_cell(0, 8, str(_("Referral to your service")), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", size=11)
        pdf.ln(2)
        pdf.multi_cell(0, 6, str(_(
            "With the consent of the person concerned we refer them to your service. This letter contains only "
            "the information the person agreed to pass on to you.")), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
        for label, value in shared_rows(shared):
            pdf.set_font("DejaVu", "B", 11)
            pdf.multi_cell(0, 6, label, new_x="LMARGIN", new_y="NEXT")
            pdf.set_font("DejaVu", size=11)
            pdf.multi_cell(0, 6, value, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
        pdf.ln(6)
        pdf.multi_cell(0, 6, str(_("Please let us know whether you can take on the referral.")),
                       new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
        pdf.set_font("DejaVu", size=8)
        pdf.multi_cell(0, 4, str(_(
            "Confidential. The consent may be withdrawn at any time; the data may then no longer be used.")),
            new_x="LMARGIN", new_y="NEXT")
        return bytes(pdf.output())
