"""Writes for cases, sessions, tasks and documents: validated, saved, audited in one transaction."""

import hashlib
import os

import filetype
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries

from apps.accounts.selectors import ensure_perm
from apps.audit.services import record
from apps.cases.models import (
    SENSITIVE_DOCUMENT_TYPES,
    Case,
    CaseOutcome,
    CaseSequence,
    CaseStatus,
    CaseStatusChange,
    Channel,
    CounsellingSession,
    Document,
    DocumentType,
    SessionPlace,
    Task,
)
from apps.clients.models import Consent, Household
from apps.clients.selectors import persons_without_consent
from apps.core.locking import claim_version
from apps.core.uploads import read_upload, upload_limit_mb

S = CaseStatus
# Forward along the return path, back to counselling whenever the client reconsiders
# (counselling is open-ended); closing is possible from anywhere (see case_close).
TRANSITIONS: dict[str, set[str]] = {
    S.NEW: {S.COUNSELLING},
    S.COUNSELLING: {S.RETURN_PREPARATION},
    S.RETURN_PREPARATION: {S.APPLICATION, S.COUNSELLING},
    S.APPLICATION: {S.DEPARTURE_SCHEDULED, S.COUNSELLING},
    S.DEPARTURE_SCHEDULED: {S.DEPARTED, S.COUNSELLING},
    S.DEPARTED: {S.REINTEGRATION_FOLLOW_UP},
    S.REINTEGRATION_FOLLOW_UP: set(),
    S.CLOSED: {S.COUNSELLING},
}
EDITABLE_FIELDS = ("office", "first_contact_source", "intended_return_country", "restricted")


def allowed_transitions(case: Case) -> list[str]:
    targets = list(TRANSITIONS[case.status])
    return [t for t in S.values if t in targets]


def _check_restriction_change(actor, case: Case, restricted: bool) -> None:
    """Anyone writing a case may restrict it; lifting the restriction opens it to the whole
    organisation, so only users who may read restricted cases anyway may do that."""
    from apps.accounts.selectors import user_has_perm

    if case.restricted and not restricted and not user_has_perm(
        actor, "case.restricted.read", case.organisation_id
    ):
        raise ValidationError({"restricted": _("Only a team lead can lift the restriction of a case.")})


def _check_country(code: str) -> None:
    if code and code not in countries:
        raise ValidationError({"intended_return_country": _("Unknown country code.")})


def _next_reference(organisation) -> tuple[str, int]:
    year = timezone.localdate().year
    sequence, _created = CaseSequence.objects.select_for_update().get_or_create(
        organisation=organisation, year=year
    )
    CaseSequence.objects.filter(pk=sequence.pk).update(last_number=F("last_number") + 1)
    sequence.refresh_from_db()
    number = sequence.last_number
    return f"{organisation.code}-{year}-{number:06d}", number


@transaction.atomic
def case_open(*, actor, household: Household, office=None, first_contact_source: str = "walk_in",
              intended_return_country: str = "", restricted: bool = False,
              assigned_counsellors=()) -> Case:
    organisation = household.organisation
    ensure_perm(actor, "case.write", organisation.pk)
    _check_country(intended_return_country)
    reference, number = _next_reference(organisation)
    case = Case.objects.create(
        organisation=organisation, household=household, office=office, reference=reference,
        number=number, first_contact_source=first_contact_source,
        intended_return_country=intended_return_country, restricted=restricted,
    )
    case.assigned_counsellors.set(list(assigned_counsellors) or [actor])
    CaseStatusChange.objects.create(case=case, to_status=S.NEW, actor=actor)
    record(actor, "case.created", case)
    return case


def _locked_update(case: Case, expected_version: int, **values) -> None:
    claim_version(case, expected_version, updated_at=timezone.now(), **values)
    for key, value in values.items():
        setattr(case, key, value)


@transaction.atomic
def case_update(*, actor, case: Case, expected_version: int, data: dict) -> Case:
    ensure_perm(actor, "case.write", case.organisation_id)
    changes = {k: v for k, v in data.items() if k in EDITABLE_FIELDS}
    _check_country(changes.get("intended_return_country", ""))
    _check_restriction_change(actor, case, changes.get("restricted", case.restricted))
    if "office" in changes and changes["office"] and changes["office"].organisation_id != case.organisation_id:
        raise ValidationError({"office": _("The office belongs to another organisation.")})
    _locked_update(case, expected_version, **changes)
    record(actor, "case.updated", case, details={"fields": sorted(changes)})
    return case


@transaction.atomic
def case_assign(*, actor, case: Case, counsellors) -> Case:
    ensure_perm(actor, "case.assign", case.organisation_id)
    counsellors = list(counsellors)
    foreign = [u for u in counsellors if not u.memberships.filter(organisation_id=case.organisation_id,
                                                                    is_active=True).exists()]
    if foreign:
        raise ValidationError(_("Only members of the owning organisation can be assigned."))
    case.assigned_counsellors.set(counsellors)
    record(actor, "case.assigned", case, details={"user_ids": sorted(u.pk for u in counsellors)})
    return case


def _check_preconditions(case: Case, to_status: str) -> None:
    if to_status == S.APPLICATION:
        principal = case.household.members.filter(is_principal=True).values("person_id")
        has_consent = Consent.objects.filter(
            person_id__in=principal, purpose=Consent.Purpose.DISCLOSURE_TO_AUTHORITY,
            withdrawn_at__isnull=True,
        ).exists()
        if not has_consent:
            raise ValidationError(_(
                "An application needs the client's valid consent to disclosure to the authority. "
                "Record the consent first."
            ))


@transaction.atomic
def case_transition(*, actor, case: Case, to_status: str, expected_version: int) -> Case:
    ensure_perm(actor, "case.write", case.organisation_id)
    if to_status == S.CLOSED:
        raise ValidationError(_("Use 'close case' and give an outcome."))
    if to_status not in TRANSITIONS[case.status]:
        raise ValidationError(_("A case cannot move from “%(from)s” to “%(to)s”.") % {
            "from": S(case.status).label, "to": S(to_status).label})
    _check_preconditions(case, to_status)
    from_status = case.status
    values = {"status": to_status}
    if from_status == S.CLOSED:
        values.update(closed_at=None, outcome="")
    _locked_update(case, expected_version, **values)
    CaseStatusChange.objects.create(case=case, from_status=from_status, to_status=to_status, actor=actor)
    record(actor, "case.status_changed", case, details={"from": from_status, "to": to_status})
    return case


@transaction.atomic
def case_close(*, actor, case: Case, outcome: str, expected_version: int) -> Case:
    ensure_perm(actor, "case.write", case.organisation_id)
    if outcome not in CaseOutcome.values:
        raise ValidationError({"outcome": _("Choose an outcome.")})
    if case.status == S.CLOSED:
        raise ValidationError(_("The case is already closed."))
    from_status = case.status
    _locked_update(case, expected_version, status=S.CLOSED, outcome=outcome, closed_at=timezone.now())
    CaseStatusChange.objects.create(case=case, from_status=from_status, to_status=S.CLOSED,
                                    outcome=outcome, actor=actor)
    record(actor, "case.closed", case, details={"from": from_status, "outcome": outcome})
    return case


SESSION_FIELDS = ("started_at", "duration_minutes", "channel", "office", "location", "district", "language",
                  "interpreter_used", "interpreter_name", "summary", "next_steps")
REMOTE_CHANNELS = (Channel.PHONE, Channel.VIDEO, Channel.VIRTUAL_ORIGIN)


def _set_place(session: CounsellingSession) -> None:
    """Where the session took place, from its channel: the office's district; for a mobile
    counselling day the district the counsellor chose (cases may not know the mobile app, so
    the form passes the day's district); remote: the principal client's district."""
    district_id, place = None, SessionPlace.UNKNOWN
    if session.channel == Channel.OFFICE and session.office_id:
        district_id = session.office.district_id
        place = SessionPlace.OFFICE
    elif session.channel == Channel.MOBILE and session.district_id:
        district_id, place = session.district_id, SessionPlace.MOBILE_DAY
    elif session.channel in REMOTE_CHANNELS:
        principal = session.case.household.members.filter(is_principal=True).select_related("person").first()
        district_id = principal.person.district_id if principal else None
        place = SessionPlace.CLIENT_DISTRICT
    if district_id is None:
        place = SessionPlace.UNKNOWN
    session.district_id, session.place = district_id, place


@transaction.atomic
def session_record(*, actor, case: Case, data: dict, participants=(), topics=()) -> CounsellingSession:
    ensure_perm(actor, "case.write", case.organisation_id)
    session = CounsellingSession(case=case, counsellor=actor,
                                 **{k: v for k, v in data.items() if k in SESSION_FIELDS})
    session.full_clean(exclude=["case", "counsellor"])
    participants = list(participants)
    _check_participants(case, participants)
    if session.channel == Channel.VIRTUAL_ORIGIN:
        _check_origin_consent(participants, required=True)
    _set_place(session)
    session.save()
    session.participants.set(participants)
    session.topics.set(topics)
    # The first session starts counselling; the condition is in the UPDATE itself so that a
    # case closed meanwhile by someone else is not reopened.
    if Case.objects.filter(pk=case.pk, status=S.NEW).update(status=S.COUNSELLING, version=F("version") + 1):
        CaseStatusChange.objects.create(case=case, from_status=S.NEW, to_status=S.COUNSELLING, actor=actor)
        case.refresh_from_db(fields=["status", "version"])
    record(actor, "session.created", session, organisation_id=case.organisation_id,
           details={"channel": session.channel})
    return session


@transaction.atomic
def session_update(*, actor, session: CounsellingSession, expected_version: int, data: dict,
                   participants=None, topics=None) -> CounsellingSession:
    ensure_perm(actor, "case.write", session.case.organisation_id)
    was_virtual = session.channel == Channel.VIRTUAL_ORIGIN
    for key, value in data.items():
        if key in SESSION_FIELDS:
            setattr(session, key, value)
    session.full_clean(exclude=["case", "counsellor"])
    if participants is not None:
        participants = list(participants)
        _check_participants(session.case, participants)
    if session.channel == Channel.VIRTUAL_ORIGIN and not was_virtual:
        _check_origin_consent(list(session.participants.all()) if participants is None else participants,
                              required=True)
    elif session.channel == Channel.VIRTUAL_ORIGIN and participants is not None:
        # Who already took part stays on record even if their consent was withdrawn since;
        # whoever is added now needs a valid consent.
        known = set(session.participants.values_list("pk", flat=True))
        _check_origin_consent([p for p in participants if p.pk not in known], required=not participants)
    claim_version(session, expected_version)
    _set_place(session)
    session.save()
    if participants is not None:
        session.participants.set(participants)
    if topics is not None:
        session.topics.set(topics)
    record(actor, "session.updated", session, organisation_id=session.case.organisation_id,
           details={"fields": sorted(k for k in data if k in SESSION_FIELDS)})
    return session


def _check_participants(case: Case, participants) -> None:
    member_ids = set(case.household.members.values_list("person_id", flat=True))
    if any(p.pk not in member_ids for p in participants):
        raise ValidationError({"participants": _("Participants must be members of the household.")})


def _check_origin_consent(participants, *, required: bool) -> None:
    """A session with a counterpart in the country of origin discusses the client's situation
    there: every participant needs a valid consent to disclosure to a partner in the country
    of origin (DESIGN.md §2, "independent and confidential")."""
    if required and not participants:
        raise ValidationError({"participants": _("Choose who takes part.")})
    missing = persons_without_consent(participants, Consent.Purpose.DISCLOSURE_TO_ORIGIN_PARTNER)
    if missing:
        raise ValidationError({"participants": _(
            "Virtual counselling needs each participant's valid consent to disclosure to a partner in "
            "the country of origin. Missing for: %(names)s. Record the consent in the consents tab first."
        ) % {"names": "; ".join(str(person) for person in missing)}})


TASK_FIELDS = ("title", "due_date", "assignee")


def _check_assignee(organisation_id: int, assignee) -> None:
    if assignee is not None and not assignee.memberships.filter(
        organisation_id=organisation_id, is_active=True
    ).exists():
        raise ValidationError({"assignee": _("Only members of the owning organisation can be assigned.")})


@transaction.atomic
def task_create(*, actor, case: Case, title: str, due_date=None, assignee=None) -> Task:
    ensure_perm(actor, "case.write", case.organisation_id)
    _check_assignee(case.organisation_id, assignee)
    task = Task(case=case, title=title, due_date=due_date, assignee=assignee, created_by=actor)
    task.full_clean(exclude=["case", "created_by", "assignee"])
    task.save()
    record(actor, "task.created", task, organisation_id=case.organisation_id)
    return task


@transaction.atomic
def task_update(*, actor, task: Task, data: dict) -> Task:
    """Change title, due date or assignee; the assignee must belong to the owning organisation."""
    organisation_id = task.case.organisation_id
    ensure_perm(actor, "case.write", organisation_id)
    changes = {k: v for k, v in data.items() if k in TASK_FIELDS}
    _check_assignee(organisation_id, changes.get("assignee"))
    for key, value in changes.items():
        setattr(task, key, value)
    task.full_clean(exclude=["case", "created_by", "assignee"])
    task.save()
    record(actor, "task.updated", task, organisation_id=organisation_id, details={"fields": sorted(changes)})
    return task


@transaction.atomic
def task_set_done(*, actor, task: Task, done: bool = True) -> Task:
    ensure_perm(actor, "case.write", task.case.organisation_id)
    task.done_at = timezone.now() if done else None
    task.save(update_fields=["done_at"])
    record(actor, "task.done" if done else "task.reopened", task, organisation_id=task.case.organisation_id)
    return task


# --- Documents --------------------------------------------------------------------------

# Sniffed MIME type → the file-name extensions that may carry it. The browser's declared
# content type is never trusted; the bytes decide.
DOCUMENT_TYPES_ALLOWED: dict[str, tuple[str, ...]] = {
    "application/pdf": ("pdf",),
    "image/jpeg": ("jpg", "jpeg"),
    "image/png": ("png",),
}


# The limit as shown to users ("10", "2.5"): the same for every upload.
document_upload_limit_mb = upload_limit_mb


def _sniffed_type(data: bytes, file_name: str) -> str:
    """The MIME type the content shows, if allowed and agreeing with the file name's extension."""
    kind = filetype.guess(data)
    if kind is None:
        raise ValidationError({"file": _(
            "Only PDF, JPEG and PNG files can be uploaded; the type of this file was not recognised.")})
    if kind.mime not in DOCUMENT_TYPES_ALLOWED:
        raise ValidationError({"file": _(
            "Only PDF, JPEG and PNG files can be uploaded; this file is of type %(type)s."
        ) % {"type": kind.extension.upper()}})
    extension = file_name.rpartition(".")[2].lower() if "." in file_name else ""
    if not extension:
        raise ValidationError({"file": _(
            "The file name has no extension; the content is of type %(type)s. Add “.%(extension)s” to the name."
        ) % {"type": kind.extension.upper(), "extension": DOCUMENT_TYPES_ALLOWED[kind.mime][0]}})
    if extension not in DOCUMENT_TYPES_ALLOWED[kind.mime]:
        raise ValidationError({"file": _(
            "The file name ends in “.%(extension)s” but the content is of type %(type)s. "
            "Choose the right file or correct its name."
        ) % {"extension": extension, "type": kind.extension.upper()}})
    return kind.mime


def _check_document_fields(actor, case: Case, person, document_type: str, title: str) -> None:
    from apps.accounts.selectors import user_has_perm

    if document_type not in DocumentType.values:
        raise ValidationError({"document_type": _("Choose a document type.")})
    # Nobody files a document they could not see afterwards.
    if document_type in SENSITIVE_DOCUMENT_TYPES and not user_has_perm(
        actor, "case.sensitive.read", case.organisation_id
    ):
        raise ValidationError({"document_type": _(
            "Only users who may see special categories of data can upload a %(type)s."
        ) % {"type": DocumentType(document_type).label.lower()}})
    if not title.strip():
        raise ValidationError({"title": _("Give the document a title.")})
    if len(title) > 200:
        raise ValidationError({"title": _("The title can have at most 200 characters.")})
    if person is not None and not case.household.members.filter(person_id=person.pk).exists():
        raise ValidationError({"person": _("The person must be a member of the case's household.")})


def _audit_document_type(document_type: str) -> dict:
    """The document type for the audit log, unless the type itself is special-category data
    (a medical report): readers of the log without case.sensitive.read must not learn it."""
    if document_type in SENSITIVE_DOCUMENT_TYPES:
        return {"sensitive": True}
    return {"document_type": document_type}


@transaction.atomic
def document_upload(*, actor, case: Case, person, document_type: str, title: str, uploaded_file) -> Document:
    """Store a file on the case (optionally about one household member), encrypted at rest.

    Refused: empty files, files over settings.DOCUMENT_MAX_UPLOAD_BYTES, content that is not
    PDF, JPEG or PNG, and content that does not match the file name's extension.
    """
    ensure_perm(actor, "case.write", case.organisation_id)
    _check_document_fields(actor, case, person, document_type, title)
    data = read_upload(uploaded_file)
    original_name = os.path.basename(uploaded_file.name or "")[:255]
    content_type = _sniffed_type(data, original_name)
    document = Document(
        organisation_id=case.organisation_id, case=case, person=person, document_type=document_type,
        title=title.strip(), original_name=original_name, content_type=content_type, size=len(data),
        sha256=hashlib.sha256(data).hexdigest(), uploaded_by=actor,
    )
    # upload_to gives a random name; the encrypted bytes are written before the row.
    document.file.save("upload", ContentFile(data), save=False)
    document.save()
    record(actor, "document.uploaded", document, case_id=case.pk, person_id=person.pk if person else None,
           details={**_audit_document_type(document_type), "size": len(data), "content_type": content_type})
    return document


@transaction.atomic
def document_delete(*, actor, document: Document, reason: str) -> Document:
    """Soft delete: hidden from lists and downloads, the file is kept until the retention
    rules purge it (on `purge_after`, apps.cases.retention)."""
    ensure_perm(actor, "case.write", document.organisation_id)
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason for deleting the document.")})
    from apps.cases.retention import document_purge_date

    now = timezone.now()
    # The retention rule of deleted documents sets when the file and the row go for good.
    claimed = Document.objects.filter(pk=document.pk, deleted_at__isnull=True).update(
        deleted_at=now, deleted_by=actor, deletion_reason=reason.strip(),
        purge_after=document_purge_date(document.organisation_id, now))
    if not claimed:
        raise ValidationError(_("The document has already been deleted."))
    document.refresh_from_db()
    record(actor, "document.deleted", document, details=_audit_document_type(document.document_type))
    return document
