"""The portal's personal data for the privacy app (apps.privacy.registry).

Accessibility feedback (BITV 2.0 § 7) holds an optional name and e-mail address and a free
text. It belongs to no organisation: the organisation that runs the portal applies the rule,
which ReturnNet takes to be the one that runs the hotline (it receives the portal's callback
requests too), failing that the first organisation. The portal's callback requests and
bookings are the hotline's and the appointments' records.
"""

from dateutil.relativedelta import relativedelta
from django.utils.translation import gettext_lazy as _

from apps.portal.models import AccessibilityFeedback
from apps.privacy.registry import ANONYMISE, DELETE, ProcessingActivity, RecordType, RetentionScope

ANONYMISED_TEXT = "[anonymisiert]"


def portal_organisation_id() -> int | None:
    from apps.accounts.models import Organisation
    from apps.hotline.selectors import hotline_organisation

    organisation = hotline_organisation() or Organisation.objects.order_by("pk").first()
    return organisation.pk if organisation else None


def feedback_due(scope: RetentionScope):
    if scope.organisation_id != portal_organisation_id():
        return AccessibilityFeedback.objects.none()
    before = scope.now - relativedelta(months=scope.months)
    old = AccessibilityFeedback.objects.filter(received_at__lt=before)
    # The message is encrypted (the database cannot compare it): anonymised ones are told apart here.
    ids = [pk for pk, message in old.values_list("pk", "message") if message != ANONYMISED_TEXT]
    return AccessibilityFeedback.objects.filter(pk__in=ids)


def feedback_apply(due, action: str) -> int:
    ids = list(due.values_list("pk", flat=True))
    if action == ANONYMISE:
        return AccessibilityFeedback.objects.filter(pk__in=ids).update(name="", email="", message=ANONYMISED_TEXT)
    return AccessibilityFeedback.objects.filter(pk__in=ids).delete()[1].get("portal.AccessibilityFeedback", 0)


FEEDBACK = RecordType(
    code="portal.accessibility_feedback", label=_("Accessibility feedback from the portal"),
    trigger=_("after it was received"), actions=(DELETE, ANONYMISE), default_action=DELETE, default_months=24,
    default_legal_basis="Art. 6 Abs. 1 lit. c, e DSGVO i. V. m. § 7 BITV 2.0",
    default_source=("Vorschlag, nicht geprüft: keine gesetzliche Frist; zwei Jahre decken ein Schlichtungsverfahren "
                    "und den nächsten Bericht zur Barrierefreiheit ab."),
    due=feedback_due, apply=feedback_apply, categories=(_("name"), _("e-mail"), _("message")), order=90,
)
ACTIVITY = ProcessingActivity(
    code="portal", name=_("Public portal: contact and accessibility feedback"),
    purpose=_("Informing migrants in their language; taking callback requests and bookings (see the hotline and "
              "appointments); receiving and answering reports of barriers"),
    legal_basis="Art. 6 Abs. 1 lit. a, c, e DSGVO; § 7 BITV 2.0",
    persons=(_("Visitors of the portal who write to the organisation"),),
    data=(_("name and e-mail address (optional), message, page, language"),),
    recipients=(_("The address the administrators maintain for accessibility feedback"),),
    record_types=("portal.accessibility_feedback",),
)


def register() -> None:
    from apps.privacy.registry import register_processing_activity, register_record_type

    register_record_type(FEEDBACK)
    register_processing_activity(ACTIVITY)
