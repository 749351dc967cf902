"""Writes for applications: create, edit, checklist records, travel and the status machine.

Every transition is one service call that checks its preconditions, moves the case along
its workflow where the application demands it (cases.services.case_transition) and is
audited in the same transaction.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.selectors import ensure_perm
from apps.applications import selectors
from apps.applications.models import (
    Application,
    ApplicationDeclaration,
    ApplicationStatus,
    AsylumProcedures,
    DocumentCheck,
    PrioritisationReason,
    SecondParentConsent,
    Travel,
    TravelDocument,
    TravelDocumentKind,
    TravelNeed,
)
from apps.audit.services import record
from apps.cases.models import Case, CaseOutcome, CaseStatus, DocumentType
from apps.cases.selectors import documents_of
from apps.core.errors import ConcurrentEditError
from apps.core.locking import claim_version
from apps.core.services import apply_changes

A = ApplicationStatus
# The status machine; withdrawn is reachable from every open state (see WITHDRAWABLE).
TRANSITIONS: dict[str, set[str]] = {
    A.DRAFT: {A.READY},
    A.READY: {A.SUBMITTED, A.DRAFT},
    A.SUBMITTED: {A.APPROVED, A.REJECTED, A.MORE_INFORMATION_REQUESTED},
    A.MORE_INFORMATION_REQUESTED: {A.SUBMITTED},
    A.APPROVED: {A.TRAVEL_BOOKED},
    A.REJECTED: {A.CLOSED},
    A.TRAVEL_BOOKED: {A.DEPARTED},
    A.DEPARTED: {A.CLOSED},
    A.CLOSED: set(),
    A.WITHDRAWN: set(),
}
WITHDRAWABLE = {A.DRAFT, A.READY, A.SUBMITTED, A.MORE_INFORMATION_REQUESTED, A.APPROVED, A.TRAVEL_BOOKED}
EDITABLE_STATUSES = {A.DRAFT, A.READY, A.MORE_INFORMATION_REQUESTED}
APPLICATION_FIELDS = ("prioritisation_reasons", "asylum_procedures", "asylum_withdrawn_on",
                      "second_parent_consent", "second_parent_consent_on")
# The values each transition takes from the caller.
TRANSITION_FIELDS: dict[str, tuple[str, ...]] = {
    A.SUBMITTED: ("submitted_on", "submission_reference"),
    A.APPROVED: ("decision_on", "decision_note"),
    A.REJECTED: ("decision_on", "decision_note"),
    A.MORE_INFORMATION_REQUESTED: ("decision_on", "decision_note"),
    A.DEPARTED: ("departed_on", "departure_note"),
    A.WITHDRAWN: ("withdrawal_note",),
}
# The case's workflow on the way to a status; the application pulls the case along it.
CASE_PATH = [CaseStatus.NEW, CaseStatus.COUNSELLING, CaseStatus.RETURN_PREPARATION, CaseStatus.APPLICATION,
             CaseStatus.DEPARTURE_SCHEDULED, CaseStatus.DEPARTED]
CASE_STATUS_FOR = {A.SUBMITTED: CaseStatus.APPLICATION, A.TRAVEL_BOOKED: CaseStatus.DEPARTURE_SCHEDULED,
                   A.DEPARTED: CaseStatus.DEPARTED}
TRAVEL_DOCUMENT_WARNING_DAYS = 30


def allowed_transitions(application: Application) -> list[str]:
    targets = set(TRANSITIONS[application.status])
    if application.status in WITHDRAWABLE:
        targets.add(A.WITHDRAWN)
    return [status for status in A.values if status in targets]


def _audit(actor, action: str, application: Application, **details) -> None:
    record(actor, action, application, organisation_id=application.case.organisation_id,
           case_id=application.case_id, details=details or None)


def _check_members(case: Case, members) -> list:
    members = list(members)
    if not members:
        raise ValidationError({"members": _("Choose at least one travelling household member.")})
    household_ids = set(case.household.members.values_list("person_id", flat=True))
    if any(person.pk not in household_ids for person in members):
        raise ValidationError({"members": _("Only members of the case's household can be included.")})
    return members


def _check_health_reasons(actor, case: Case, reasons) -> None:
    if selectors.HEALTH_REASONS.intersection(reasons) and selectors.hides_health_data(actor, case.organisation_id):
        raise ValidationError({"prioritisation_reasons": _(
            "Only users who may read sensitive data can record a health-related prioritisation reason.")})


def _check_fields(data: dict) -> None:
    reasons = data.get("prioritisation_reasons")
    if reasons is not None and (not isinstance(reasons, list)
                                or any(r not in PrioritisationReason.values for r in reasons)):
        raise ValidationError({"prioritisation_reasons": _("Unknown prioritisation reason.")})
    if data.get("asylum_procedures", "") not in AsylumProcedures.values:
        raise ValidationError({"asylum_procedures": _("Choose a valid value.")})
    if data.get("asylum_procedures") == AsylumProcedures.WITHDRAWN and not data.get("asylum_withdrawn_on"):
        raise ValidationError({"asylum_withdrawn_on": _("Give the date of the withdrawal.")})
    if data.get("second_parent_consent", "") not in SecondParentConsent.values:
        raise ValidationError({"second_parent_consent": _("Choose a valid value.")})
    if data.get("second_parent_consent") == SecondParentConsent.OBTAINED and not data.get("second_parent_consent_on"):
        raise ValidationError({"second_parent_consent_on": _("Give the date the consent was obtained.")})


@transaction.atomic
def application_create(*, actor, case: Case, programme_version, members, data: dict | None = None) -> Application:
    """A draft application of a case for a programme version still valid today."""
    ensure_perm(actor, "case.write", case.organisation_id)
    if not case.is_open:
        raise ValidationError(_("The case is closed."))
    if programme_version.valid_to and programme_version.valid_to < timezone.localdate():
        raise ValidationError({"programme_version": _("This programme version is no longer valid.")})
    members = _check_members(case, members)
    data = {k: v for k, v in (data or {}).items() if k in APPLICATION_FIELDS}
    _check_fields(data)
    _check_health_reasons(actor, case, data.get("prioritisation_reasons") or [])
    application = Application.objects.create(case=case, programme_version=programme_version, created_by=actor,
                                             **data)
    application.members.set(members)
    _audit(actor, "application.created", application, programme_version_id=programme_version.pk,
           person_ids=sorted(p.pk for p in members))
    return application


@transaction.atomic
def application_update(*, actor, application: Application, expected_version: int, data: dict,
                       members=None) -> Application:
    """Change the checklist answers and (before submission) the travelling members."""
    ensure_perm(actor, "case.write", application.case.organisation_id)
    if application.status not in EDITABLE_STATUSES:
        raise ValidationError(_("An application can only be changed as a draft, when ready or when more "
                                "information was requested."))
    current = {k: getattr(application, k) for k in APPLICATION_FIELDS}
    if data.get("prioritisation_reasons") is not None and selectors.hides_health_data(
            actor, application.case.organisation_id):
        # The health reasons the actor cannot see are kept; setting one is refused.
        stored = Application.objects.filter(pk=application.pk).values_list("prioritisation_reasons", flat=True)[0]
        _check_health_reasons(actor, application.case, data["prioritisation_reasons"])
        data = {**data, "prioritisation_reasons": list(data["prioritisation_reasons"])
                + [r for r in stored or [] if r in selectors.HEALTH_REASONS]}
    _check_fields({**current, **{k: v for k, v in data.items() if k in APPLICATION_FIELDS}})
    if members is not None:
        members = _check_members(application.case, members)
    changes = apply_changes(application, data, APPLICATION_FIELDS)
    claim_version(application, expected_version, updated_at=timezone.now())
    application.save()
    if members is not None:
        application.members.set(members)
    # A ready application whose checklist no longer holds goes back to draft; after the
    # submission (more information requested) a change must keep the checklist complete.
    if application.status in {A.READY, A.MORE_INFORMATION_REQUESTED}:
        missing = _checklist_missing(application)
        if missing and application.status == A.MORE_INFORMATION_REQUESTED:
            raise ValidationError(_("After the submission a change must keep the checklist complete: "
                                    "%(missing)s") % {"missing": "; ".join(missing)})
        if missing:
            Application.objects.filter(pk=application.pk).update(status=A.DRAFT)
            application.status = A.DRAFT
    _audit(actor, "application.updated", application, fields=sorted(changes) + (["members"] if members else []))
    return application


# Declarations and travel documents can be recorded while the application can still travel.
RECORDABLE_STATUSES = {A.DRAFT, A.READY, A.SUBMITTED, A.MORE_INFORMATION_REQUESTED, A.APPROVED, A.TRAVEL_BOOKED}


def _check_recordable(application: Application) -> None:
    if application.status not in RECORDABLE_STATUSES:
        raise ValidationError(_("Nothing can be recorded on an application that is closed, withdrawn, rejected or "
                                "departed."))


def _check_travelling(application: Application, person) -> None:
    if not application.members.filter(pk=person.pk).exists():
        raise ValidationError({"person": _("The person is not included in the application.")})


@transaction.atomic
def declaration_record(*, actor, application: Application, person, signed_on) -> ApplicationDeclaration:
    """The person signed the application and the declaration of voluntary departure."""
    ensure_perm(actor, "case.write", application.case.organisation_id)
    _check_recordable(application)
    _check_travelling(application, person)
    if signed_on is None or signed_on > timezone.localdate():
        raise ValidationError({"signed_on": _("Give the date of signature (not in the future).")})
    declaration, _created = ApplicationDeclaration.objects.update_or_create(
        application=application, person=person, defaults={"signed_on": signed_on, "recorded_by": actor})
    record(actor, "application.declaration_recorded", application, organisation_id=application.case.organisation_id,
           case_id=application.case_id, person_id=person.pk)
    return declaration


@transaction.atomic
def travel_document_record(*, actor, application: Application, person, kind: str, number: str = "",
                           expires_on=None, document=None) -> TravelDocument:
    """The travel document of one travelling member (replaces an earlier record)."""
    ensure_perm(actor, "case.write", application.case.organisation_id)
    _check_recordable(application)
    _check_travelling(application, person)
    if kind not in TravelDocumentKind.values:
        raise ValidationError({"kind": _("Choose a travel document.")})
    if kind != TravelDocumentKind.SUBSTITUTE_REQUESTED and expires_on is None:
        raise ValidationError({"expires_on": _("Give the date until which the document is valid.")})
    if document is not None and (
            document.case_id != application.case_id
            or document.document_type not in {DocumentType.PASSPORT, DocumentType.TRAVEL_DOCUMENT_SUBSTITUTE}
            # Deleted documents and documents hidden from the actor cannot be linked.
            or not documents_of(actor, application.case).filter(pk=document.pk).exists()):
        raise ValidationError({"document": _("Link a passport or travel document substitute of this case.")})
    travel_document, _created = TravelDocument.objects.update_or_create(
        application=application, person=person,
        defaults={"kind": kind, "number": number.strip(), "expires_on": expires_on, "document": document,
                  "recorded_by": actor})
    record(actor, "application.travel_document_recorded", application,
           organisation_id=application.case.organisation_id, case_id=application.case_id, person_id=person.pk,
           details={"kind": kind})
    return travel_document


TRAVEL_FIELDS = ("departure_date", "airport", "connection", "needs", "needs_note", "luggage_notes",
                 "documents_checked")


@transaction.atomic
def travel_save(*, actor, application: Application, data: dict, expected_version: int | None = None) -> Travel:
    """Create or change the travel details of an application that is not closed or withdrawn."""
    ensure_perm(actor, "case.write", application.case.organisation_id)
    if application.status in {A.CLOSED, A.WITHDRAWN, A.REJECTED, A.DEPARTED}:
        raise ValidationError(_("The travel of this application can no longer be changed."))
    if any(code not in TravelNeed.values for code in data.get("needs", [])):
        raise ValidationError({"needs": _("Unknown need.")})
    if any(code not in DocumentCheck.values for code in data.get("documents_checked", [])):
        raise ValidationError({"documents_checked": _("Unknown document.")})
    if selectors.hides_health_data(actor, application.case.organisation_id):
        # Needs are health data: refused from users who could not read them again; left as stored.
        if data.get("needs") or str(data.get("needs_note") or "").strip():
            raise ValidationError({"needs": _("Only users who may read sensitive data can record escort or "
                                              "medical needs.")})
        data = {k: v for k, v in data.items() if k not in selectors.HEALTH_TRAVEL_FIELDS}
    # Lock the application row so two first saves cannot both create the travel.
    Application.objects.select_for_update().filter(pk=application.pk).first()
    travel = Travel.objects.filter(application=application).first()
    if travel is None:
        # The first save of two concurrent ones wins; the other meets the one-to-one constraint.
        travel = Travel(application=application)
        apply_changes(travel, data, TRAVEL_FIELDS)
        try:
            with transaction.atomic():
                travel.save()
        except IntegrityError:
            raise ConcurrentEditError() from None
    else:
        apply_changes(travel, data, TRAVEL_FIELDS)
        claim_version(travel, expected_version, updated_at=timezone.now())
        travel.save()
    _audit(actor, "application.travel_saved", application, fields=sorted(k for k in data if k in TRAVEL_FIELDS))
    return travel


def departure_checklist(application: Application) -> list[selectors.ChecklistItem]:
    """What must hold on the day of departure (shown on the travel page and the sheet)."""
    travel = getattr(application, "travel", None)
    members = selectors.members_of_application(application)
    day = travel.departure_date if travel and travel.departure_date else None
    items = [selectors.ChecklistItem("departure_date", _("Departure date and connection recorded"),
                                     bool(day and travel.connection), [])]
    checked = set(travel.documents_checked) if travel else set()
    required = [DocumentCheck.TRAVEL_DOCUMENTS, DocumentCheck.GUB, DocumentCheck.TICKETS]
    if travel and travel.needs:
        required.append(DocumentCheck.MEDICAL_DOCUMENTS)
    missing = [str(DocumentCheck(code).label) for code in required if code not in checked]
    items.append(selectors.ChecklistItem("documents_checked", _("Documents checked with the client"),
                                         not missing, missing))
    if day:
        problems = selectors.travel_document_problems(application, members, on=day)
        items.append(selectors.ChecklistItem("documents_valid", _("Travel documents valid on the departure date"),
                                             not problems, problems))
        gub = selectors.gub_problems(application, members, on=day)
        items.append(selectors.ChecklistItem("gub_valid", _("GÜB valid on the departure date"), not gub, gub))
    return items


# --- Transitions -----------------------------------------------------------------------------

def _advance_case(actor, case: Case, target: str) -> None:
    """Move the case forward along its workflow up to `target` (never backwards)."""
    from apps.cases.services import case_transition

    case.refresh_from_db(fields=["status", "version"])
    if case.status not in CASE_PATH:
        raise ValidationError(_("The case is in status “%(status)s”; reopen it for counselling first.")
                              % {"status": CaseStatus(case.status).label})
    for status in CASE_PATH[CASE_PATH.index(case.status) + 1: CASE_PATH.index(target) + 1]:
        case_transition(actor=actor, case=case, to_status=status, expected_version=case.version)


def _require(data: dict, name: str, message: str):
    value = data.get(name)
    if value in (None, ""):
        raise ValidationError({name: message})
    return value


def _not_future(day, name: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({name: _("The date cannot be in the future.")})


def _checklist_missing(application) -> list[str]:
    """What the checklist (for `ready`) still misses; consents, declarations and travel
    documents can change after `ready`, so submission and booking ask again."""
    items = selectors.application_checklist(application)
    if selectors.checklist_complete(items):
        return []
    return [m for item in items if item.needed_for == A.READY and not item.ok for m in item.missing] or [
        str(item.label) for item in items if item.needed_for == A.READY and not item.ok]


def _require_checklist(application) -> None:
    missing = _checklist_missing(application)
    if missing:
        raise ValidationError(_("The checklist is not complete: %(missing)s") % {"missing": "; ".join(missing)})


def _to_ready(actor, application, data) -> None:
    _require_checklist(application)


def _to_submitted(actor, application, data) -> None:
    _require_checklist(application)
    submitted_on = _require(data, "submitted_on", _("Give the date of the submission."))
    _not_future(submitted_on, "submitted_on")
    reference = _require(data, "submission_reference", _("Give the reference of the online application module."))
    application.submitted_on, application.submission_reference = submitted_on, str(reference).strip()[:60]
    application.expected_decision_by, row = selectors.expected_decision_date(application, submitted_on)
    _advance_case(actor, application.case, CaseStatus.APPLICATION)
    note = _(" (unverified processing time)") if row is not None and row.unverified else ""
    _task(actor, application, _("Check the BAMF decision on the application%(note)s") % {"note": note},
          application.expected_decision_by)


def _to_decision(actor, application, data) -> None:
    decided = data.get("decision_on") or timezone.localdate()
    _not_future(decided, "decision_on")
    application.decision_on, application.decision_note = decided, data.get("decision_note", "")


def _to_travel_booked(actor, application, data) -> None:
    travel = Travel.objects.filter(application=application).first()
    if travel is None or travel.departure_date is None:
        raise ValidationError(_("Record the travel with its departure date first."))
    _require_checklist(application)
    members = selectors.members_of_application(application)
    # The GÜB must still be valid on the day of departure, for every member.
    gub = selectors.gub_problems(application, members, on=travel.departure_date)
    if gub:
        raise ValidationError(_("Travel can only be booked with a GÜB valid on the departure date for every "
                                "member: %(missing)s") % {"missing": "; ".join(gub)})
    _advance_case(actor, application.case, CaseStatus.DEPARTURE_SCHEDULED)
    _reminders_for_departure(actor, application, travel.departure_date, members)


def _reminders_for_departure(actor, application, departure, members) -> None:
    horizon = departure + timedelta(days=TRAVEL_DOCUMENT_WARNING_DAYS)
    for document in application.travel_documents.select_related("person"):
        if document.expires_on and document.expires_on < horizon:
            _task(actor, application, _("Travel document of %(person)s expires on %(date)s, within 30 days of "
                                        "the departure") % {"person": document.person,
                                                            "date": document.expires_on.strftime("%d.%m.%Y")},
                  min(document.expires_on, departure) - timedelta(days=7))
    # No GÜB reminder: booking requires a GÜB valid on the departure date (_to_travel_booked).


def _to_departed(actor, application, data) -> None:
    travel = Travel.objects.filter(application=application).first()
    departed_on = data.get("departed_on") or (travel.departure_date if travel else None)
    if departed_on is None:
        raise ValidationError({"departed_on": _("Give the date of the departure.")})
    if departed_on > timezone.localdate():
        raise ValidationError({"departed_on": _("A departure can only be confirmed on or after the day.")})
    note = str(data.get("departure_note", "")).strip()
    if not note:
        raise ValidationError({"departure_note": _("Say how the departure was confirmed.")})
    _require_departure_documents(application, travel, departed_on)
    application.departed_on, application.departure_note = departed_on, note
    _advance_case(actor, application.case, CaseStatus.DEPARTED)
    from apps.applications.signals import application_departed

    application_departed.send(sender=Application, actor=actor, application=application, departed_on=departed_on)


# The departure checklist items a departure cannot be confirmed without; the other items
# (connection recorded, tickets and medical documents checked) stay warnings on the travel page.
DEPARTURE_REQUIRED_CHECKS = (DocumentCheck.TRAVEL_DOCUMENTS, DocumentCheck.GUB)


def _require_departure_documents(application, travel, day) -> None:
    members = selectors.members_of_application(application)
    problems = selectors.travel_document_problems(application, members, on=day)
    problems += selectors.gub_problems(application, members, on=day)
    checked = set(travel.documents_checked) if travel else set()
    problems += [_("Not checked with the client: %(document)s") % {"document": DocumentCheck(code).label}
                 for code in DEPARTURE_REQUIRED_CHECKS if code not in checked]
    if problems:
        raise ValidationError(_("The departure cannot be confirmed: %(missing)s") % {"missing": "; ".join(problems)})


def _to_closed(actor, application, data) -> None:
    from apps.cases.services import case_close

    case = application.case
    case.refresh_from_db(fields=["status", "version"])
    if application.status == A.DEPARTED and case.is_open:
        case_close(actor=actor, case=case, outcome=CaseOutcome.RETURNED_WITH_PROGRAMME,
                   expected_version=case.version)
        record(actor, "case.outcome_programme", case, details={
            "outcome": CaseOutcome.RETURNED_WITH_PROGRAMME, "application_id": application.pk,
            "programme": application.programme_version.programme.code,
            "programme_version_id": application.programme_version_id})


def _to_withdrawn(actor, application, data) -> None:
    application.withdrawal_note = str(data.get("withdrawal_note", "")).strip()


HANDLERS = {A.READY: _to_ready, A.SUBMITTED: _to_submitted, A.APPROVED: _to_decision, A.REJECTED: _to_decision,
            A.MORE_INFORMATION_REQUESTED: _to_decision, A.TRAVEL_BOOKED: _to_travel_booked,
            A.DEPARTED: _to_departed, A.CLOSED: _to_closed, A.WITHDRAWN: _to_withdrawn}


def _task(actor, application, title: str, due_date) -> None:
    from apps.cases.services import task_create

    task_create(actor=actor, case=application.case, title=title[:200], due_date=due_date, assignee=actor)


@transaction.atomic
def application_transition(*, actor, application: Application, to_status: str, expected_version: int,
                           data: dict | None = None) -> Application:
    """Move the application to `to_status` if the table allows it and its preconditions hold."""
    ensure_perm(actor, "case.write", application.case.organisation_id)
    if to_status not in allowed_transitions(application):
        labels = dict(A.choices)
        raise ValidationError(_("An application cannot move from “%(from)s” to “%(to)s”.") % {
            "from": labels.get(application.status, application.status), "to": labels.get(to_status, to_status)})
    data = {k: v for k, v in (data or {}).items() if k in TRANSITION_FIELDS.get(to_status, ())}
    from_status = application.status
    claim_version(application, expected_version)
    HANDLERS.get(to_status, lambda *args: None)(actor, application, data)
    application.status = to_status
    application.updated_at = timezone.now()
    application.save()
    _audit(actor, "application.status_changed", application, **{"from": from_status, "to": to_status})
    return application
