"""The accessibility statement's feedback route (BITV 2.0 § 7): the form and its write."""

from django import forms
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.audit.services import record
from apps.jobs.services import sending_for
from apps.portal.models import AccessibilityFeedback
from apps.portal.protection import PortalForm
from apps.portal.texts import text

FORM_NAME = "accessibility_feedback"


class AccessibilityFeedbackForm(PortalForm):
    message = forms.CharField(label=_("What does not work for you?"), widget=forms.Textarea(attrs={"rows": 6}))
    page = forms.CharField(label=_("On which page? (optional)"), required=False, max_length=300)
    name = forms.CharField(label=_("Your name (optional)"), required=False, max_length=200,
                           widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(label=_("Your e-mail address, if you want an answer (optional)"), required=False,
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}),
                             error_messages={"invalid": _("Please enter an e-mail address like name@example.org.")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, form_name=FORM_NAME, **kwargs)


@transaction.atomic
def accessibility_feedback_submit(*, message: str, page: str, name: str, email: str,
                                  language: str) -> AccessibilityFeedback:
    """Store the feedback and mail it (through the outbox, in this transaction) to the
    address the administrators maintain; without an address it is only listed in the back office."""
    feedback = AccessibilityFeedback.objects.create(message=message, page=page, name=name, email=email,
                                                    language=language)
    record(None, "portal.accessibility_feedback_received", feedback, details={"language": language})
    recipient = text("feedback_email", "de").strip()
    if recipient:
        with translation.override(settings.LANGUAGE_CODE):
            subject = gettext("Accessibility feedback from the portal (#%(number)s)") % {"number": feedback.pk}
            body = gettext("Page: %(page)s\nLanguage: %(language)s\nName: %(name)s\nE-mail: %(email)s\n\n"
                           "%(message)s\n") % {"page": page or "-", "language": language, "name": name or "-",
                                               "email": email or "-", "message": message}
        with sending_for(organisation_id=None, purpose="portal.accessibility_feedback"):
            send_mail(subject, body, None, [recipient])
    return feedback
