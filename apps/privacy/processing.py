"""The records of processing activities (Art. 30 (1) GDPR) of one organisation, built from data.

Nothing here is written by hand for the document; every part is read from what ReturnNet
knows at the moment it is built:

- **activities**: every ProcessingActivity the apps register (apps.privacy.registry);
- **recipients**: the activities' declared categories of recipients, and the organisations
  that actually received personal data from this organisation — read from the audit log's
  disclosures ("disclosure.created") and sent referrals ("referral.sent"), which name the
  recipient, grouped by the kind of organisation (apps.accounts). privacy sits below
  disclosures and referrals and never imports them; the audit log is the record of every
  transmission anyway;
- **retention**: the organisation's rule for every registered record type (its own row, else
  the default row, else the record type's defaults before rules were created), with the
  "unverified" flag the data protection officer clears by confirming it;
- **technical and organisational measures**: the encrypted columns, read from the models of
  every installed app (every EncryptedTextField, EncryptedIntegerField and
  EncryptedBinaryField), and the settings in force (second factor, session timeout, signed
  audit checkpoints), with the measures that hold by construction (database roles, backups).

The page (apps.privacy.views.processing) shows it; `processing_pdf` and `processing_table`
write it as a PDF and as a table (CSV/Excel through apps.core.exports), in German or English.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.apps import apps as django_apps
from django.conf import settings
from django.db.models import Count
from django.db.models.fields.json import KeyTextTransform
from django.http import Http404
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.accounts.models import Organisation
from apps.accounts.selectors import organisation_ids_with
from apps.audit.models import AuditEntry
from apps.core.exports import Column, Table
from apps.core.fields import EncryptedBinaryField, EncryptedIntegerField, EncryptedTextField
from apps.privacy import registry
from apps.privacy.models import RetentionRule

PERMISSION = "privacy.manage"
# Audit actions that record a transmission of personal data to another organisation, and the
# detail that names it.
TRANSMISSIONS = {"disclosure.created": gettext_lazy("disclosures"), "referral.sent": gettext_lazy("referrals")}


@dataclass
class RuleLine:
    code: str
    label: Any
    trigger: Any
    action: Any
    months: int
    legal_basis: str
    source: str
    unverified: bool
    own: bool  # the organisation's own rule, not the default
    active: bool = True
    registered: bool = True


@dataclass
class RecipientLine:
    kind: Any
    organisations: list[str]
    counts: dict[str, int]  # transmission label → number


@dataclass
class EncryptedColumn:
    app: Any
    model: Any
    field: Any
    path: str  # app_label.model.field


@dataclass
class ProcessingRecord:
    organisation: Organisation
    generated_at: datetime
    activities: list[registry.ProcessingActivity]
    recipients: list[RecipientLine]
    rules: list[RuleLine]
    encrypted: list[EncryptedColumn]
    measures: list[tuple[Any, str]] = field(default_factory=list)


# --- The one read: which organisation ------------------------------------------------------

def processing_organisation(user, organisation_id: int | None = None) -> Organisation:
    """The organisation whose records the user reads (privacy.manage there); the first one
    when none is named; Http404 for any other."""
    allowed = organisation_ids_with(user, PERMISSION)
    if not allowed:
        raise Http404
    wanted = organisation_id if organisation_id in allowed else None
    if organisation_id is not None and wanted is None:
        raise Http404
    return Organisation.objects.get(pk=wanted or allowed[0])


def organisations_for(user) -> list[Organisation]:
    return list(Organisation.objects.filter(pk__in=organisation_ids_with(user, PERMISSION)))


# --- Building the document -----------------------------------------------------------------

def processing_record(*, organisation: Organisation, now: datetime | None = None) -> ProcessingRecord:
    return ProcessingRecord(
        organisation=organisation, generated_at=now or timezone.now(),
        activities=registry.processing_activities(), recipients=recipients(organisation),
        rules=retention_lines(organisation), encrypted=encrypted_columns(), measures=measures())


def recipients(organisation: Organisation) -> list[RecipientLine]:
    """Organisations that received personal data of `organisation`, by kind of organisation."""
    rows = (AuditEntry.objects.filter(organisation_id=organisation.pk, action__in=list(TRANSMISSIONS))
            .annotate(recipient=KeyTextTransform("recipient_id", "details"))
            .values("action", "recipient").annotate(number=Count("id")).order_by())
    by_recipient: dict[int, dict[str, int]] = {}
    for row in rows:
        try:
            recipient = int(row["recipient"])
        except (TypeError, ValueError):
            continue
        counts = by_recipient.setdefault(recipient, {})
        counts[row["action"]] = counts.get(row["action"], 0) + row["number"]
    lines: dict[str, RecipientLine] = {}
    kinds = dict(Organisation.Kind.choices)
    for recipient in Organisation.objects.filter(pk__in=by_recipient).order_by("name"):
        line = lines.setdefault(recipient.kind, RecipientLine(kind=kinds.get(recipient.kind, recipient.kind),
                                                              organisations=[], counts={}))
        line.organisations.append(recipient.name)
        for action, number in by_recipient[recipient.pk].items():
            label = str(TRANSMISSIONS[action])
            line.counts[label] = line.counts.get(label, 0) + number
    return [lines[kind] for kind in kinds if kind in lines]


def retention_lines(organisation: Organisation) -> list[RuleLine]:
    """The rule in force for every registered record type (own row, else the default row,
    else the record type's defaults: unverified), then rows of no longer registered types."""
    rows = {}
    for rule in RetentionRule.objects.filter(organisation__isnull=True):
        rows.setdefault(rule.record_type, rule)
    for rule in RetentionRule.objects.filter(organisation=organisation):
        rows[rule.record_type] = rule
    actions = dict(RetentionRule.Action.choices)
    lines = []
    for kind in registry.record_types():
        rule = rows.pop(kind.code, None)
        if rule is None:
            lines.append(RuleLine(code=kind.code, label=kind.label, trigger=kind.trigger,
                                  action=actions.get(kind.default_action, kind.default_action),
                                  months=kind.default_months, legal_basis=kind.default_legal_basis,
                                  source=kind.default_source, unverified=True, own=False))
            continue
        lines.append(_line(rule, kind.label, kind.trigger, actions, organisation))
    for code, rule in sorted(rows.items()):
        lines.append(_line(rule, code, "", actions, organisation, registered=False))
    return lines


def _line(rule, label, trigger, actions, organisation, registered=True) -> RuleLine:
    return RuleLine(code=rule.record_type, label=label, trigger=trigger, action=actions.get(rule.action, rule.action),
                    months=rule.months, legal_basis=rule.legal_basis, source=rule.source, unverified=rule.unverified,
                    own=rule.organisation_id == organisation.pk, active=rule.is_active, registered=registered)


ENCRYPTED = (EncryptedTextField, EncryptedIntegerField, EncryptedBinaryField)


def encrypted_columns() -> list[EncryptedColumn]:
    """Every encrypted column of every installed app, read from the models."""
    found = []
    for model in django_apps.get_models():
        meta = model._meta
        for model_field in meta.get_fields():
            if isinstance(model_field, ENCRYPTED) and model_field.concrete:
                found.append(EncryptedColumn(app=meta.app_config.verbose_name, model=meta.verbose_name,
                                             field=model_field.verbose_name,
                                             path=f"{meta.app_label}.{meta.model_name}.{model_field.name}"))
    return sorted(found, key=lambda column: column.path)


def measures() -> list[tuple[Any, str]]:
    """(title, text) of the technical and organisational measures (Art. 32), with the
    settings in force."""
    minutes = settings.SESSION_COOKIE_AGE // 60
    second_factor = (_("A second factor (TOTP) is required for every role that reads personal data.")
                     if settings.REQUIRE_2FA else
                     _("The second factor is switched off in this installation (demo only; production refuses it)."))
    sealed = (_("Checkpoints are signed with a key kept outside the database.") if settings.AUDIT_CHECKPOINT_KEYS
              else _("Checkpoints are not signed: no signing key is configured (AUDIT_CHECKPOINT_KEYS)."))
    return [
        (_("Encryption at rest"), _(
            "The columns listed below are stored encrypted (Fernet: AES-128-CBC with HMAC-SHA256) under keys kept "
            "outside the database; documents and exports are encrypted before they are written to storage. Keys "
            "can be rotated (manage.py rotate_field_keys).")),
        (_("Sign-in"), " ".join([second_factor, _(
            "Passwords are hashed with Argon2; accounts are locked after repeated failed sign-ins; a session ends "
            "after %(minutes)s minutes without activity.") % {"minutes": minutes}])),
        (_("Access control"), _(
            "Roles grant permissions per organisation; every page and API operation declares its permission; "
            "each organisation sees only its own records and what was disclosed to it with consent.")),
        (_("Audit log"), " ".join([_(
            "Every read and change of personal data is recorded in an append-only log, chained by hashes; "
            "the application's database role may not change or delete entries."), sealed])),
        (_("Database roles"), _(
            "The application connects with a role that holds table privileges only; the schema belongs to a "
            "separate owner role used for migrations (PostgreSQL).")),
        (_("Backups"), _(
            "Database, documents and keys are backed up separately; a restore is tested into a scratch database "
            "(operator guide).")),
        (_("Storage limitation"), _(
            "Retention rules per kind of record (below); a daily run anonymises or deletes what is due, files "
            "included; legal holds suspend it; erasure on request with a two-person rule.")),
    ]


# --- Writing it --------------------------------------------------------------------------------

def _joined(values) -> str:
    return ", ".join(str(value) for value in values) or "—"


def retention_text(rule: RuleLine) -> str:
    text = _("%(action)s %(months)s months %(trigger)s") % {"action": capfirst(str(rule.action)),
                                                           "months": rule.months, "trigger": rule.trigger}
    flags = [_("unverified") if rule.unverified else _("confirmed"),
             _("own rule") if rule.own else _("default rule")]
    if not rule.active:
        flags.append(_("inactive"))
    return f"{text.strip()} ({', '.join(flags)})"


def activity_retentions(document: ProcessingRecord) -> list[tuple[registry.ProcessingActivity, str]]:
    """Each activity with the erasure periods of the record types it names."""
    rules = {rule.code: rule for rule in document.rules}
    return [(activity, _activity_retention(activity, rules)) for activity in document.activities]


def _activity_retention(activity, rules: dict[str, RuleLine]) -> str:
    return "; ".join(f"{rules[code].label}: {retention_text(rules[code])}" for code in activity.record_types
                     if code in rules) or "—"


def processing_table(document: ProcessingRecord) -> Table:
    """The document as one table (CSV/Excel): a row per activity, recipient kind, rule,
    measure and encrypted column, the first column naming the section."""
    rules = {rule.code: rule for rule in document.rules}
    rows = []
    section = _("Processing activity")
    for a in document.activities:
        rows.append([section, a.name, a.purpose, a.legal_basis, _joined(a.persons), _joined(a.data),
                     _joined(a.special_categories), _joined(a.recipients), _activity_retention(a, rules)])
    for line in document.recipients:
        counts = ", ".join(f"{label}: {number}" for label, number in line.counts.items())
        rows.append([_("Recipients"), line.kind, _joined(line.organisations), "", "", "", "", counts, ""])
    for rule in document.rules:
        rows.append([_("Retention rule"), rule.label, rule.trigger, rule.legal_basis, "", "", "", "",
                     f"{retention_text(rule)} — {rule.source}".strip(" —")])
    for title, text in document.measures:
        rows.append([_("Technical and organisational measure"), title, text, "", "", "", "", "", ""])
    for column in document.encrypted:
        rows.append([_("Encrypted column"), f"{column.app}: {column.model} — {column.field}", column.path,
                     "", "", "", "", "", ""])
    headers = [_("Section"), _("Entry"), _("Purpose or description"), _("Legal basis"), _("Categories of persons"),
               _("Categories of data"), _("Special categories (Art. 9)"), _("Recipients"), _("Erasure periods")]
    stamp = formats.date_format(timezone.localtime(document.generated_at), "SHORT_DATETIME_FORMAT")
    return Table(
        title=_("Records of processing"), filename=f"verarbeitungsverzeichnis-{document.organisation.code.lower()}",
        columns=[Column(str(header), (lambda row, i=i: str(row[i]) if row[i] is not None else ""))
                 for i, header in enumerate(headers)],
        rows=rows, total=len(rows),
        preamble=[_("Records of processing activities (Art. 30 GDPR) of %(organisation)s, as of %(date)s")
                  % {"organisation": document.organisation.name, "date": stamp}])


def processing_pdf(document: ProcessingRecord) -> bytes:
    """The document as an A4 PDF in the active language (German or English)."""
    from apps.core.pdf import FONT, a4_document

    pdf = a4_document(str(_("Records of processing")))
    pdf.set_auto_page_break(True, margin=20)

    def text(value, *, size=9, bold=False, height=4.5):
        pdf.set_font(FONT, "B" if bold else "", size)
        pdf.multi_cell(0, height, str(value) if value not in (None, "") else "—", new_x="LMARGIN", new_y="NEXT")

    def heading(value):
        pdf.ln(3)
        text(value, size=12, bold=True, height=7)

    stamp = formats.date_format(timezone.localtime(document.generated_at), "SHORT_DATETIME_FORMAT")
    text(_("Records of processing activities (Art. 30 GDPR)"), size=15, bold=True, height=8)
    text(_("Controller: %(organisation)s") % {"organisation": document.organisation.name}, size=10)
    text(_("As of %(date)s, generated by ReturnNet from its data.") % {"date": stamp}, size=10)
    rules = {rule.code: rule for rule in document.rules}
    heading(_("Processing activities"))
    for a in document.activities:
        pdf.ln(1)
        text(a.name, size=10, bold=True, height=5.5)
        for label, value in ((_("Purpose"), a.purpose), (_("Legal basis"), a.legal_basis),
                             (_("Categories of persons"), _joined(a.persons)),
                             (_("Categories of data"), _joined(a.data)),
                             (_("Special categories (Art. 9)"), _joined(a.special_categories)),
                             (_("Recipients"), _joined(a.recipients)),
                             (_("Erasure periods"), _activity_retention(a, rules))):
            text(f"{label}: {value}")
    heading(_("Recipients that received personal data"))
    if not document.recipients:
        text(_("No disclosure or referral has been sent to another organisation."))
    for line in document.recipients:
        counts = ", ".join(f"{label}: {number}" for label, number in line.counts.items())
        text(f"{line.kind} ({counts}): {_joined(line.organisations)}")
    heading(_("Retention rules"))
    for rule in document.rules:
        text(f"{rule.label}: {retention_text(rule)}", bold=True)
        text(f"{_('Legal basis')}: {rule.legal_basis}. {_('Source')}: {rule.source or '—'}")
    heading(_("Technical and organisational measures (Art. 32)"))
    for title, value in document.measures:
        text(title, bold=True)
        text(value)
    heading(_("Encrypted columns"))
    for column in document.encrypted:
        text(f"{column.app}: {column.model} — {column.field} ({column.path})", size=8, height=4)
    return bytes(pdf.output())
