"""The events' personal data for the privacy app (apps.privacy.registry).

- Registrations: some months after the event, the registrant's name, e-mail address and
  its keyed hash, accessibility needs, link to their page and user are removed; the registration row stays
  with its status and organisation, so the event's figures (registered, attended, by
  organisation) and the organiser's reports do not change.
- Feedback comments: the free text goes after the period; the ratings stay (they were never
  shown with a name).
Registrants are professionals of the network and the interested public, not clients: there
is no subject source here (a client's erasure does not touch events).
"""

from dateutil.relativedelta import relativedelta
from django.db.models.functions import Length
from django.utils.translation import gettext_lazy as _

from apps.events.models import Feedback, Registration
from apps.privacy.registry import ANONYMISE, DELETE, ProcessingActivity, RecordType, RetentionScope

# A registration's manage token hash is unique; an anonymised one gets this prefix and its id.
ANONYMISED = "anonymised:"
LEGAL_BASIS = "Art. 6 Abs. 1 lit. b, e DSGVO i. V. m. Art. 5 Abs. 1 lit. e DSGVO (Speicherbegrenzung)"
PROPOSAL = ("Vorschlag, nicht geprüft: keine gesetzliche Frist; nach der Veranstaltung werden die Daten noch für "
            "Teilnahmebescheinigungen und Rückfragen gebraucht, danach nur noch die Zahlen.")


def _before(scope: RetentionScope):
    return scope.now - relativedelta(months=scope.months)


def registrations_due(scope: RetentionScope):
    return (Registration.objects.filter(event__organisation_id=scope.organisation_id,
                                        event__ends_at__lt=_before(scope))
            .exclude(manage_token_hash__startswith=ANONYMISED))


def anonymise_registrations(registrations) -> int:
    count = 0
    for pk in registrations.values_list("pk", flat=True):
        count += Registration.objects.filter(pk=pk).update(
            name="", email="", email_hash="", accessibility_needs="", manage_link="", user=None,
            manage_token_hash=f"{ANONYMISED}{pk}")
    return count


def registrations_apply(due, action: str) -> int:
    if action == DELETE:
        ids = list(due.values_list("pk", flat=True))
        return Registration.objects.filter(pk__in=ids).delete()[1].get("events.Registration", 0)
    return anonymise_registrations(due)


def feedback_due(scope: RetentionScope):
    return (Feedback.objects.annotate(_length=Length("comment"))
            .filter(event__organisation_id=scope.organisation_id, event__ends_at__lt=_before(scope),
                    _length__gt=0))


def feedback_apply(due, action: str) -> int:
    ids = list(due.values_list("pk", flat=True))
    if action == DELETE:
        return Feedback.objects.filter(pk__in=ids).delete()[1].get("events.Feedback", 0)
    return Feedback.objects.filter(pk__in=ids).update(comment="")


REGISTRATIONS = RecordType(
    code="events.registrations", label=_("Event registrations"), trigger=_("after the end of the event"),
    actions=(ANONYMISE, DELETE), default_action=ANONYMISE, default_months=12, default_legal_basis=LEGAL_BASIS,
    default_source=PROPOSAL, due=registrations_due, apply=registrations_apply,
    categories=(_("name"), _("e-mail"), _("accessibility needs")), order=90,
)
FEEDBACK = RecordType(
    code="events.feedback_comments", label=_("Comments in event feedback"), trigger=_("after the end of the event"),
    actions=(ANONYMISE, DELETE), default_action=ANONYMISE, default_months=12, default_legal_basis=LEGAL_BASIS,
    default_source=PROPOSAL, due=feedback_due, apply=feedback_apply, categories=(_("free-text comment"),), order=90,
)
ACTIVITY = ProcessingActivity(
    code="events", name=_("Events of the network"),
    purpose=_("Organising exchange meetings, information events, trainings and conferences: registration, "
              "waiting list, reminders, attendance, certificates, feedback"),
    legal_basis="Art. 6 Abs. 1 lit. b, e DSGVO",
    persons=(_("Staff of the network's organisations"), _("Members of the public who register by the public "
                                                          "link")),
    data=(_("name, organisation, e-mail address, language"), _("accessibility needs"), _("attendance"),
          _("feedback (ratings and comments, not shown with a name)")),
    special_categories=(_("accessibility needs may reveal a disability (health)"),),
    recipients=(_("None outside the organiser"),),
    record_types=("events.registrations", "events.feedback_comments"),
)


def register() -> None:
    from apps.privacy.registry import register_processing_activity, register_record_type

    register_record_type(REGISTRATIONS)
    register_record_type(FEEDBACK)
    register_processing_activity(ACTIVITY)
