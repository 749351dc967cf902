"""The audit log's retention, described for the privacy app.

audit sits below privacy (docs/architecture.md), so it does not import apps.privacy: it
lists its record type as plain keyword arguments of apps.privacy.registry.RecordType, and
apps.privacy.lower_apps registers it. `scope` is a RetentionScope.

Entries are due only as whole checkpointed ranges of the organisation's log, older than the
period (apps.audit.purge). The retention run counts them; it deletes them only where its
database connection owns the audit tables (SQLite, or a run by the owner role). On
PostgreSQL with the application's own role it cannot, by design: the owner runs
`manage.py purge_audit_log`, which uses the same rule (docs/data-protection.md, section 4).
Entries about an erased person stay until then: they hold ids and reference numbers, never
names (apps.audit.services.record).
"""

from dateutil.relativedelta import relativedelta
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from apps.audit import purge
from apps.audit.models import AuditCheckpoint


def entries_due(scope):
    return purge.entries_due(scope.organisation_id, scope.now - relativedelta(months=scope.months))


def entries_apply(due, action: str) -> int:
    """Delete the counted range (the newest due entry is the anchor's last id), if allowed."""
    if not purge.may_purge():
        return 0
    found = due.aggregate(last=Max("id"), chain=Max("organisation_id"))
    if found["last"] is None:
        return 0
    anchor = AuditCheckpoint.objects.filter(chain=found["chain"] or 0, last_id=found["last"]).first()
    return purge.purge_through(anchor).entries if anchor else 0


RECORD_TYPES = [
    {"code": "audit.entries", "label": _("Audit log entries"),
     "trigger": _("after the entry was written (whole checkpointed ranges; on PostgreSQL deleted by the owner's "
               "command purge_audit_log)"),
     "actions": ("delete",), "default_action": "delete", "default_months": 36,
     "default_legal_basis": "Art. 5 Abs. 2, Art. 32 DSGVO; Art. 5 Abs. 1 lit. e DSGVO",
     "default_source": ("Vorschlag, nicht geprüft: drei Jahre entsprechen der regelmäßigen Verjährungsfrist "
                     "(§ 195 BGB) für Ansprüche aus einem unrechtmäßigen Zugriff; zu prüfen gegen Vorgaben des "
                     "Zuwendungsgebers."),
     "due": entries_due, "apply": entries_apply,
     "categories": (_("who read or changed which record, when, from which IP address"),), "order": 10},
]

PROCESSING_ACTIVITIES = [
    {"code": "security_logging", "name": _("Security logging (audit log)"),
     "purpose": _("Proving who read or changed personal data and when; detecting misuse and attacks on accounts; "
               "answering data subjects' questions about access to their data"),
     "legal_basis": "Art. 5 Abs. 2, Art. 6 Abs. 1 lit. c, Art. 32 DSGVO",
     "persons": (_("Staff of the network's organisations"), _("Clients (by id and case reference only)")),
     "data": (_("user and e-mail, action, object reference, time, IP address"),),
     "recipients": (_("The organisation's data protection officer"),),
     "record_types": ("audit.entries",)},
]
