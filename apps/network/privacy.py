"""The network's personal data for the privacy app (apps.privacy.registry).

- Expert questions (Fachanfragen): some months after a question was closed or withdrawn,
  its thread is anonymised: the subject and every message's text are replaced, and who asked,
  who answered and who wrote are removed. Category, urgency, organisations and dates stay
  for the Kompetenzzentrum's figures (questions per category, time to answer). The answer
  the network keeps is the knowledge article: an edited, anonymised copy made on purpose,
  which is not touched. The Kompetenzzentrum that received the question applies the rule.
- Partner contacts whose consent to be listed was withdrawn are deleted after the period.
Question texts must not name clients (the identifier check runs on every text), so there is
no subject source here.
"""

from dateutil.relativedelta import relativedelta
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from apps.network.models import ExpertQuestion, PartnerContact, QuestionMessage, QuestionStatus
from apps.privacy.registry import ANONYMISE, DELETE, ProcessingActivity, RecordType, RetentionScope
from apps.privacy.source_helpers import bump

# What an anonymised question's subject and messages read (stored data, so one language).
ANONYMISED_TEXT = "[anonymisiert]"
LEGAL_BASIS = "Art. 6 Abs. 1 lit. e DSGVO i. V. m. Art. 5 Abs. 1 lit. e DSGVO (Speicherbegrenzung)"
PROPOSAL = ("Vorschlag, nicht geprüft: keine gesetzliche Frist; Rückfragen zu einer Antwort kommen erfahrungsgemäß "
            "im ersten Jahr, das Wissen bleibt im anonymisierten Wissensartikel.")


def _before(scope: RetentionScope):
    return scope.now - relativedelta(months=scope.months)


def questions_due(scope: RetentionScope):
    return (ExpertQuestion.objects.filter(competence_centre_id=scope.organisation_id,
                                          status__in=[QuestionStatus.CLOSED, QuestionStatus.WITHDRAWN])
            .annotate(_ended=Coalesce(F("closed_at"), F("asked_at")))
            .filter(_ended__lt=_before(scope)).exclude(subject=ANONYMISED_TEXT))


def questions_apply(due, action: str) -> int:
    ids = list(due.values_list("pk", flat=True))
    if action == DELETE:
        return ExpertQuestion.objects.filter(pk__in=ids).delete()[1].get("network.ExpertQuestion", 0)
    QuestionMessage.objects.filter(question_id__in=ids).update(text=ANONYMISED_TEXT, author=None)
    return ExpertQuestion.objects.filter(pk__in=ids).update(subject=ANONYMISED_TEXT, asked_by=None, assignee=None,
                                                               **bump(ExpertQuestion))


def contacts_due(scope: RetentionScope):
    return PartnerContact.objects.filter(organisation_id=scope.organisation_id,
                                         consent_withdrawn_at__lt=_before(scope))


def contacts_apply(due, action: str) -> int:
    ids = list(due.values_list("pk", flat=True))
    return PartnerContact.objects.filter(pk__in=ids).delete()[1].get("network.PartnerContact", 0)


QUESTIONS = RecordType(
    code="network.expert_questions", label=_("Expert questions and their messages"),
    trigger=_("after the question was closed or withdrawn"), actions=(ANONYMISE, DELETE), default_action=ANONYMISE,
    default_months=24, default_legal_basis=LEGAL_BASIS, default_source=PROPOSAL, due=questions_due,
    apply=questions_apply, categories=(_("question and answer texts"), _("who asked and answered")), order=90,
)
CONTACTS = RecordType(
    code="network.partner_contacts_withdrawn", label=_("Partner contacts who withdrew their consent to be listed"),
    trigger=_("after the consent was withdrawn"), actions=(DELETE,), default_action=DELETE, default_months=1,
    default_legal_basis="Art. 7 Abs. 3, Art. 17 Abs. 1 lit. b DSGVO",
    default_source=("Vorschlag, nicht geprüft: nach dem Widerruf wird der Eintrag nicht mehr gezeigt; ein Monat "
                    "bleibt für Rückfragen zum Widerruf."),
    due=contacts_due, apply=contacts_apply, categories=(_("name, function, e-mail, phone"),), order=90,
)
ACTIVITY = ProcessingActivity(
    code="network", name=_("Network: partner directory and expert questions"),
    purpose=_("Listing contact persons of partner organisations (with their consent); answering expert questions "
              "of authorities and partners about assisted return; publishing anonymised answers"),
    legal_basis="Art. 6 Abs. 1 lit. a DSGVO (Kontaktverzeichnis), Art. 6 Abs. 1 lit. e DSGVO (Fachanfragen)",
    persons=(_("Contact persons of partner organisations"), _("Staff who ask and answer expert questions")),
    data=(_("name, function, e-mail, phone, languages"), _("question and answer texts (without client data)")),
    recipients=(_("The network's organisations (directory, published knowledge articles without names)"),),
    record_types=("network.expert_questions", "network.partner_contacts_withdrawn"),
)


def register() -> None:
    from apps.privacy.registry import register_processing_activity, register_record_type

    register_record_type(QUESTIONS)
    register_record_type(CONTACTS)
    register_processing_activity(ACTIVITY)
