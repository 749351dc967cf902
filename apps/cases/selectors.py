"""Reads of cases and what hangs off them. cases_visible_to() is the one scoping point."""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from cryptography.fernet import InvalidToken
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.accounts.selectors import organisation_ids_with
from apps.audit.services import record
from apps.cases.models import (
    SENSITIVE_DOCUMENT_TYPES,
    Case,
    CaseStatus,
    CaseStatusChange,
    CounsellingSession,
    Document,
    Task,
)
from apps.clients.models import HouseholdMember
from apps.core.registry import TimelineEntry, timeline_entries
from apps.core.storage import DocumentUnreadable

_assigned = Case.assigned_counsellors.through


def _assigned_to(user):
    return Exists(_assigned.objects.filter(case_id=OuterRef("pk"), user_id=user.pk))


def cases_visible_to(user) -> QuerySet[Case]:
    """Cases of organisations where the user holds case.read; restricted cases only when
    assigned or holding case.restricted.read there (DESIGN.md §6)."""
    read_orgs = organisation_ids_with(user, "case.read")
    restricted_orgs = organisation_ids_with(user, "case.restricted.read")
    return Case.objects.filter(organisation_id__in=read_orgs).filter(
        Q(restricted=False) | Q(organisation_id__in=restricted_orgs) | _assigned_to(user)
    )


def household_scope(user, household_ref):
    """A household is visible when one of its cases is, or when it has no case yet.

    So a restricted case hides its household and persons only where nothing else shows
    them; a household reachable through an open case shows all of its members. clients
    applies this through apps.core.registry (registered in CasesConfig.ready()).
    """
    visible_case = cases_visible_to(user).filter(household_id=household_ref)
    return Exists(visible_case) | ~Exists(Case.objects.filter(household_id=household_ref))


def case_for(user, pk: int, *, audit: bool = True) -> Case:
    """A case the user may see, or 404 (never 403: existence is not revealed)."""
    case = get_object_or_404(
        cases_visible_to(user).select_related("organisation", "office", "household"), pk=pk
    )
    if audit:
        record(user, "case.viewed", case)
    return case


def with_principal(cases: QuerySet[Case]) -> QuerySet[Case]:
    """Annotate the principal's name and id, so lists need no query per row."""
    principal = HouseholdMember.objects.filter(household_id=OuterRef("household_id"), is_principal=True)
    return cases.annotate(
        principal_id=Subquery(principal.values("person_id")[:1]),
        principal_family_name=Subquery(principal.values("person__family_name")[:1]),
        principal_given_names=Subquery(principal.values("person__given_names")[:1]),
        principal_nationalities=Subquery(principal.values("person__nationalities")[:1]),
    )


@dataclass
class CaseFilters:
    query: str = ""
    status: str = ""
    office: int | None = None
    counsellor: int | None = None
    nationality: str = ""
    ordering: str = "-opened_at"


ORDERINGS = {
    "-opened_at": ("-opened_at", "-id"),
    "opened_at": ("opened_at", "id"),
    "name": ("principal_family_name", "principal_given_names", "id"),
    "-name": ("-principal_family_name", "-principal_given_names", "-id"),
    "reference": ("reference",),
    "-reference": ("-reference",),
    "status": ("status", "-opened_at"),
}


def search_cases(user, filters: CaseFilters) -> QuerySet[Case]:
    """The case list: search by name (incl. variants and transliterations) or reference."""
    cases = cases_visible_to(user)
    query = filters.query.strip()
    if query:
        cases = cases.filter(_query_condition(query))
    if filters.status:
        cases = cases.filter(status=filters.status)
    if filters.office:
        cases = cases.filter(office_id=filters.office)
    if filters.counsellor:
        cases = cases.filter(
            Exists(_assigned.objects.filter(case_id=OuterRef("pk"), user_id=filters.counsellor))
        )
    if filters.nationality:
        cases = cases.filter(household_id__in=HouseholdMember.objects.filter(
            is_principal=True, person__nationalities__contains=filters.nationality.upper()
        ).values("household_id"))
    ordering = ORDERINGS.get(filters.ordering, ORDERINGS["-opened_at"])
    return with_principal(cases).select_related("office").order_by(*ordering)


def _query_condition(query: str) -> Q:
    from apps.clients.selectors import matching_household_ids

    compact = query.replace(" ", "")
    if compact.isascii() and compact.isdigit():
        return Q(number=int(compact))
    if "-" in query and any(ch.isdigit() for ch in query):
        return Q(reference=query.upper())
    household_ids = matching_household_ids(query)
    return Q(pk__in=[]) if household_ids is None else Q(household_id__in=household_ids)


def sessions_of(case: Case) -> QuerySet[CounsellingSession]:
    return case.sessions.select_related("counsellor", "office").prefetch_related("topics", "participants")


def session_for(user, pk: int, *, audit: bool = True) -> CounsellingSession:
    session = get_object_or_404(
        CounsellingSession.objects.filter(case__in=cases_visible_to(user)).select_related(
            "case", "counsellor", "office"
        ),
        pk=pk,
    )
    if audit:
        record(user, "session.viewed", session, organisation_id=session.case.organisation_id)
    return session


def tasks_of(case: Case) -> QuerySet[Task]:
    return case.tasks.select_related("assignee")


def task_for(user, pk: int) -> Task:
    return get_object_or_404(Task.objects.filter(case__in=cases_visible_to(user)).select_related("case"), pk=pk)


def timeline_of(user, case: Case) -> list[TimelineEntry]:
    """Everything that happened in a case that the user may read, oldest first: sessions,
    tasks, status changes, consents and documents here, and what the apps above register
    (assessments, vulnerabilities, referrals, disclosures, applications, the reintegration
    plan, monitoring visits: apps.core.registry.register_timeline_source). One query per kind
    of record; the read is audited once, naming the records shown."""
    from apps.clients.models import Consent

    entries = [
        TimelineEntry(s.started_at, "session", _("Counselling session"), str(s),
                      actor=s.counsellor.full_name if s.counsellor else "", source="session", object_id=s.pk)
        for s in case.sessions.select_related("counsellor")
    ]
    for task in case.tasks.select_related("created_by"):
        entries.append(TimelineEntry(task.created_at, "task_created", _("Task added"), task.title,
                                     actor=str(task.created_by), source="task", object_id=task.pk))
        if task.done_at:
            entries.append(TimelineEntry(task.done_at, "task_done", _("Task done"), task.title,
                                         source="task", object_id=task.pk))
    for change in case.status_changes.select_related("actor"):
        entries.append(TimelineEntry(
            change.at, "status", _("Status"), change.get_to_status_display(),
            change.get_outcome_display() if change.outcome else "", str(change.actor),
        ))
    person_ids = case.household.members.values("person_id")
    for consent in Consent.objects.filter(person_id__in=person_ids).select_related("person", "recipient"):
        entries.append(TimelineEntry(consent.given_at, "consent", _("Consent given"), consent.get_purpose_display(),
                                     str(consent.person), source="consent", object_id=consent.pk))
        if consent.withdrawn_at:
            entries.append(TimelineEntry(consent.withdrawn_at, "consent_withdrawn", _("Consent withdrawn"),
                                         consent.get_purpose_display(), str(consent.person),
                                         source="consent", object_id=consent.pk))
    # documents_of() leaves out deleted ones and special-category types without case.sensitive.read.
    for document in documents_of(user, case):
        entries.append(TimelineEntry(document.uploaded_at, "document", _("Document added"), document.title,
                                     document.get_document_type_display(), str(document.uploaded_by or ""),
                                     source="document", object_id=document.pk))
    entries += timeline_entries(user, case)
    entries.sort(key=lambda e: e.at)
    shown: dict[str, set[int]] = {}
    for entry in entries:
        if entry.source and entry.object_id is not None:
            shown.setdefault(entry.source, set()).add(entry.object_id)
    record(user, "case.timeline_viewed", case, details={source: sorted(ids) for source, ids in sorted(shown.items())})
    return entries


def status_history(case: Case) -> QuerySet[CaseStatusChange]:
    return case.status_changes.select_related("actor")


# --- Home page --------------------------------------------------------------------------

def my_open_cases(user) -> QuerySet[Case]:
    mine = cases_visible_to(user).filter(_assigned_to(user)).exclude(status=CaseStatus.CLOSED)
    return with_principal(mine).select_related("office").order_by("-updated_at")


def on_visible_case(user, case_ref: str = "case_id") -> Exists:
    """The row's case is one the user sees, checked row by row on the case's primary key.

    For the user's own rows (tasks assigned to them, their sessions): they are few, the
    organisation's cases are many, so `case__in=cases_visible_to(user)` would make SQLite
    build the set of every visible case first (issue 14)."""
    return Exists(cases_visible_to(user).filter(pk=OuterRef(case_ref)))


def my_due_tasks(user, days_ahead: int = 7, limit: int = 20) -> list[Task]:
    """The user's open tasks on cases they see, due within `days_ahead` days (overdue ones
    included), earliest first, then those without a due date: at most `limit`.

    Two index-ordered reads that stop after `limit` rows, where one read with
    `due_date <= … OR due_date IS NULL` sorted every open task of the user first (the demo's
    Trier counsellor holds 87,901 at 1,000,000 cases: 160 ms)."""
    horizon = timezone.localdate() + timedelta(days=days_ahead)
    mine = Task.objects.filter(on_visible_case(user), assignee=user, done_at__isnull=True).select_related("case")
    dated = list(mine.filter(due_date__lte=horizon).order_by("due_date", "id")[:limit])
    if len(dated) == limit:
        return dated
    return dated + list(mine.filter(due_date__isnull=True).order_by("id")[:limit - len(dated)])


def my_sessions_today(user) -> QuerySet[CounsellingSession]:
    today = timezone.localdate()
    start = timezone.make_aware(datetime.combine(today, datetime.min.time()))
    return (
        CounsellingSession.objects.filter(
            on_visible_case(user), counsellor=user,
            started_at__gte=start, started_at__lt=start + timedelta(days=1),
        ).select_related("case").order_by("started_at")
    )


# --- Documents --------------------------------------------------------------------------

def _readable_types(user) -> Q:
    """Medical reports and other special-category types only where the user holds
    case.sensitive.read in the document's organisation (the one rule for document types)."""
    sensitive_orgs = organisation_ids_with(user, "case.sensitive.read")
    return ~Q(document_type__in=SENSITIVE_DOCUMENT_TYPES) | Q(organisation_id__in=sensitive_orgs)


def documents_visible_to(user) -> QuerySet[Document]:
    """The one selector for documents: not deleted, on a case the user sees (or, for a
    document on a person alone, about a person the user sees); medical reports and other
    special-category types only where the user holds case.sensitive.read."""
    from apps.clients.selectors import persons_visible_to

    return Document.objects.filter(deleted_at__isnull=True).filter(
        Q(case__in=cases_visible_to(user))
        | Q(case__isnull=True, person__in=persons_visible_to(user))
    ).filter(_readable_types(user))


def documents_of(user, case: Case) -> QuerySet[Document]:
    """The documents of one case the user may see, newest first: not deleted, and the
    special-category types only with case.sensitive.read (the rules of documents_visible_to).

    The caller has scoped the case (case_for() and its siblings), so only this case's rows
    are read: going through documents_visible_to() would build every case and person the
    user sees, which grows with the organisation (3.4 s at 100,000 cases, issue 14)."""
    return (case.documents.filter(deleted_at__isnull=True).filter(_readable_types(user))
            .select_related("person", "uploaded_by").order_by("-uploaded_at", "-id"))


def documents_listed(user, case: Case) -> list[Document]:
    """documents_of() for a page, with an audit entry naming the documents shown."""
    documents = list(documents_of(user, case))
    record(user, "document.list_viewed", case, details={"ids": [d.pk for d in documents]})
    return documents


def document_for(user, pk: int, *, audit: bool = True) -> Document:
    """A document the user may see, or 404 (deleted and hidden sensitive ones included)."""
    document = get_object_or_404(
        documents_visible_to(user).select_related("case", "person", "uploaded_by"), pk=pk
    )
    if audit:
        record(user, "document.viewed", document)
    return document


def document_content(user, document: Document, *, action: str) -> bytes:
    """The decrypted bytes of a document the caller got from document_for(); audited as
    `document.downloaded` or `document.previewed` (`action`). Raises DocumentUnreadable
    (audited as `document.read_failed`) when the file is missing or no key decrypts it."""
    if action not in {"downloaded", "previewed"}:
        raise ValueError(f"unknown document read {action}")
    try:
        with document.file.open("rb") as stored:
            data = stored.read()
    except (InvalidToken, FileNotFoundError) as error:
        # Nothing was disclosed, but the attempt is on record, marked as failed; the
        # operator finds the cause in the server log (a removed key, a lost file).
        reason = "undecryptable" if isinstance(error, InvalidToken) else "missing"
        record(user, "document.read_failed", document, details={"attempt": action, "reason": reason})
        logging.getLogger(__name__).error("document %s cannot be read: %s", document.pk, reason)
        raise DocumentUnreadable(reason) from error
    record(user, f"document.{action}", document)
    return data
