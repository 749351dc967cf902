"""The outbox's and the exports' personal data, described for the privacy app.

jobs sits below privacy (docs/architecture.md), so it does not import apps.privacy: it lists
its record types as plain keyword arguments of apps.privacy.registry.RecordType, and
apps.privacy.lower_apps registers them. `scope` is a RetentionScope; "anonymise" and
"delete" are the registry's action codes.

- Outbound messages: the payload (addresses, subject, text; encrypted) and the masked
  recipient go some time after the message was sent or finally failed; the row stays for
  the jobs page (channel, purpose, status, attempts, times). Waiting messages are never due.
- Exports: finished, failed or expired exports of a requester whose account is deactivated,
  and every expired or failed export, are deleted (file and row) after the period. The file
  of a finished export already goes when it expires (apps.jobs.exports, hours).
"""

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Coalesce, Length
from django.utils.translation import gettext_lazy as _

from apps.jobs.models import ExportFile, OutboundMessage

LEGAL_BASIS = "Art. 5 Abs. 1 lit. c, e DSGVO (Datenminimierung, Speicherbegrenzung)"


def _before(scope):
    return scope.now - relativedelta(months=scope.months)


def _of_organisation(organisation_id: int, user_field: str) -> Q:
    """Rows of the organisation, or without one but for a member of it (sign-in mails)."""
    from apps.accounts.models import Membership

    members = Membership.objects.filter(organisation_id=organisation_id).values("user_id")
    return Q(organisation_id=organisation_id) | Q(organisation__isnull=True, **{f"{user_field}__in": members})


def messages_due(scope):
    return (OutboundMessage.objects.annotate(_ended=Coalesce("sent_at", "attempted_at", "created_at"),
                                             _length=Length("payload"))
            .filter(_of_organisation(scope.organisation_id, "recipient_user_id"),
                    status__in=[OutboundMessage.Status.SENT, OutboundMessage.Status.FAILED],
                    _ended__lt=_before(scope), _length__gt=0))


def messages_apply(due, action: str) -> int:
    ids = list(due.values_list("pk", flat=True))
    if action == "delete":
        return OutboundMessage.objects.filter(pk__in=ids).delete()[1].get("jobs.OutboundMessage", 0)
    return OutboundMessage.objects.filter(pk__in=ids).update(payload="", recipient_hint="")


def exports_due(scope):
    from apps.accounts.models import Membership, User

    active = Membership.objects.filter(is_active=True).values("user_id")
    gone = User.objects.filter(Q(is_active=False) | ~Q(pk__in=active)).values("pk")
    return ExportFile.objects.filter(
        _of_organisation(scope.organisation_id, "requested_by_id"), created_at__lt=_before(scope),
    ).filter(Q(status__in=[ExportFile.Status.EXPIRED, ExportFile.Status.FAILED])
             | Q(status=ExportFile.Status.DONE, requested_by_id__in=gone))


def exports_apply(due, action: str) -> int:
    from apps.core.chunked import export_storage

    exports = list(ExportFile.objects.filter(pk__in=list(due.values_list("pk", flat=True))))
    names = [export.stored_name for export in exports if export.stored_name]
    deleted = ExportFile.objects.filter(pk__in=[export.pk for export in exports]).delete()[1].get(
        "jobs.ExportFile", 0)

    def remove_files():
        storage = export_storage()
        for name in names:
            storage.delete(name)

    # The files go once the rows are gone for good: a rolled-back run keeps both.
    transaction.on_commit(remove_files)
    return deleted


RECORD_TYPES = [
    {"code": "jobs.outbound_messages", "label": _("Sent and failed e-mails and text messages (content)"),
     "trigger": _("after the message was sent or finally failed"), "actions": ("anonymise", "delete"),
     "default_action": "anonymise", "default_months": 1, "default_legal_basis": LEGAL_BASIS,
     "default_source": ("Vorschlag, nicht geprüft: der Inhalt wird nach dem Versand nur noch für Rückfragen zur "
                     "Zustellung gebraucht; Status und Zeiten bleiben für die Jobübersicht."),
     "due": messages_due, "apply": messages_apply, "categories": (_("e-mail addresses and phone numbers"),
                                                         _("subject and text of messages")), "order": 35},
    {"code": "jobs.exports", "label": _("Exports: expired ones, and those of deactivated users"),
     "trigger": _("after the export was requested"), "actions": ("delete",), "default_action": "delete",
     "default_months": 1, "default_legal_basis": LEGAL_BASIS,
     "default_source": ("Vorschlag, nicht geprüft: die Datei ist nach Ablauf schon gelöscht; die Zeile bleibt einen "
                     "Monat für Rückfragen."),
     "due": exports_due, "apply": exports_apply, "categories": (_("exported records (file)"), _("who exported what")),
     "order": 35},
]

PROCESSING_ACTIVITIES = []
