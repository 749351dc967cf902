"""What cases holds about a person (apps.privacy.registry): the subject finder the data
protection officer searches with, and the subject source for cases, counselling sessions,
tasks, documents and the status history. The retention record types of cases are in
apps.cases.retention.
"""

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.cases.models import Case, CaseStatusChange, CounsellingSession, Document, Task
from apps.clients.models import HouseholdMember, Person
from apps.clients.selectors import matching_token_person_ids
from apps.core.client_languages import client_language_of_person
from apps.core.storage import DocumentUnreadable, safe_filename
from apps.privacy.registry import (
    ANONYMISE,
    ErasureContext,
    ProcessingActivity,
    SubjectFinder,
    SubjectInfo,
    SubjectRecord,
    SubjectSource,
    register_case_lookup,
    register_processing_activity,
    register_subject_finder,
    register_subject_source,
)
from apps.privacy.scrub import name_variants
from apps.privacy.source_helpers import bump, fields_of, iso, label, scrub_rows

SEARCH_LIMIT = 20


# --- The subject finder -----------------------------------------------------------------

def _names_of(person: Person) -> list[str]:
    if person.anonymised_at:
        return []  # nothing left to scrub: the names are gone already
    # Records merged into this one (apps.duplicates) are the same human under other spellings.
    merged = Person.objects.filter(merged_into=person, anonymised_at__isnull=True)
    return name_variants([f"{person.given_names} {person.family_name}", person.family_name, person.given_names,
                          *person.name_variants.splitlines(),
                          *(name for m in merged for name in (f"{m.given_names} {m.family_name}", m.family_name,
                                                              m.given_names, *m.name_variants.splitlines()))])


def describe(person_id: int) -> SubjectInfo | None:
    person = Person.objects.filter(pk=person_id).prefetch_related("languages").first()
    if person is None:
        return None
    household_ids = list(HouseholdMember.objects.filter(person=person).values_list("household_id", flat=True))
    others: dict[int, set[int]] = {}
    for household_id, member_id in HouseholdMember.objects.filter(household_id__in=household_ids).exclude(
            person=person).values_list("household_id", "person_id"):
        others.setdefault(household_id, set()).add(member_id)
    whole, shared, references = set(), set(), []
    for case_id, household_id, reference in Case.objects.filter(household_id__in=household_ids).order_by(
            "opened_at", "id").values_list("id", "household_id", "reference"):
        (shared if others.get(household_id) else whole).add(case_id)
        references.append(reference)
    label = _("%(name)s, born %(born)s") % {"name": str(person), "born": person.display_birth_date}
    if references:
        label = f"{label}, {', '.join(references)}"
    if person.merged_into_id:
        # Found by the name of a record merged into another one: its data lives on there.
        label = _("%(label)s (merged into person #%(id)s: export or erase that one)") % {
            "label": label, "id": person.merged_into_id}
    return SubjectInfo(
        person_id=person.pk, organisation_id=person.organisation_id, label=label, names=_names_of(person),
        language=client_language_of_person(person), whole_case_ids=whole, shared_case_ids=shared,
        household_member_ids=set().union(*others.values()) if others else set(),
    )


def _matching_person_ids(organisation_ids: list[int], query: str):
    compact = query.strip().lstrip("#").replace(" ", "")
    if compact.isascii() and compact.isdigit():
        return Q(pk=int(compact))
    if "-" in query and any(ch.isdigit() for ch in query):
        households = Case.objects.filter(organisation_id__in=organisation_ids,
                                         reference=query.strip().upper()).values("household_id")
        return Q(memberships__household_id__in=households)
    ids = matching_token_person_ids(query)  # the case list's name search: tokens and skeletons
    return None if ids is None else Q(pk__in=ids)


def search(organisation_ids, query: str) -> list[SubjectInfo]:
    """Persons of the organisations by person id, case reference or name (variants and
    transliterations included); at most SEARCH_LIMIT. The caller audits the search."""
    organisation_ids = list(organisation_ids)
    condition = _matching_person_ids(organisation_ids, query or "")
    if condition is None:
        return []
    ids = Person.objects.filter(condition, organisation_id__in=organisation_ids).order_by(
        "family_name", "given_names", "id").values_list("pk", flat=True).distinct()[:SEARCH_LIMIT]
    return [info for info in (describe(pk) for pk in ids) if info is not None]


# --- The subject source ------------------------------------------------------------------

def _cases_of(person_id: int):
    return Case.objects.filter(household__members__person_id=person_id).distinct()


def _whole_case_ids(person_id: int) -> set[int]:
    info = describe(person_id)
    return info.whole_case_ids if info else set()


def _case_record(case: Case) -> SubjectRecord:
    return SubjectRecord("case", _("Case"), fields_of(case, (
        "reference", "status", "outcome", "office", "first_contact_source", "intended_return_country",
        "opened_at", "closed_at"), more={
        _("Status history"): [f"{iso(change.at)}: {change.get_to_status_display()}"
                              for change in case.status_changes.all()]}), at=case.opened_at)


def _session_record(session: CounsellingSession) -> SubjectRecord:
    return SubjectRecord("counselling_session", _("Counselling session"), fields_of(session, (
        "started_at", "duration_minutes", "channel", "office", "location", "district", "language",
        "interpreter_used", "interpreter_name", "counsellor", "summary", "next_steps"), more={
        _("Case"): session.case.reference,
        label(CounsellingSession, "topics"): [str(topic) for topic in session.topics.all()]}),
        at=session.started_at)


def _task_record(task: Task) -> SubjectRecord:
    return SubjectRecord("task", _("Task"), fields_of(task, ("title", "due_date", "done_at"), more={
        _("Case"): task.case.reference}), at=task.created_at)


def _document_record(document: Document) -> SubjectRecord:
    files = []
    try:
        with document.file.open("rb") as handle:
            name = safe_filename(document.original_name or document.title, document.content_type)
            files.append((f"{document.pk}-{name}", handle.read()))
    except (FileNotFoundError, DocumentUnreadable):
        pass  # the row still says that the document existed; the export lists it without a file
    return SubjectRecord("document", _("Document"), fields_of(document, (
        "document_type", "title", "original_name", "person", "uploaded_at", "deleted_at", "deletion_reason"),
        more={_("Case"): document.case.reference if document.case_id else None}),
        at=document.uploaded_at, files=files)


def collect(person_id: int):
    """The person's cases, the sessions they took part in (every session of a case that is
    theirs alone), the tasks of their own cases and the documents about them."""
    cases = list(_cases_of(person_id).select_related("office").prefetch_related("status_changes"))
    if not cases:
        documents = Document.objects.filter(person_id=person_id)
        return [_document_record(document) for document in documents]
    whole = _whole_case_ids(person_id)
    records = [_case_record(case) for case in cases]
    sessions = CounsellingSession.objects.filter(
        Q(participants__pk=person_id) | Q(case_id__in=whole)).distinct().select_related(
        "case", "counsellor").prefetch_related("topics")
    records += [_session_record(session) for session in sessions]
    records += [_task_record(task) for task in Task.objects.filter(case_id__in=whole).select_related("case")]
    documents = Document.objects.filter(Q(person_id=person_id) | Q(case_id__in=whole, person__isnull=True))
    records += [_document_record(document) for document in documents.select_related("case", "person")]
    return records


def delete_documents(documents) -> int:
    """Delete the documents' rows now and their files once the transaction commits (a
    rollback keeps both)."""
    documents = list(documents)
    for document in documents:
        if document.file.name:
            storage, name = document.file.storage, document.file.name
            transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))
    if documents:
        Document.objects.filter(pk__in=[d.pk for d in documents]).delete()
    return len(documents)


def _scrub_shared(case_ids: set[int], names: list[str], ctx: ErasureContext) -> None:
    """The person's names leave the free text that stays for the other members."""
    ctx.add("cases.texts_scrubbed", scrub_rows(
        CounsellingSession.objects.filter(case_id__in=case_ids), names,
        ("summary", "next_steps", "location", "interpreter_name"))
        + scrub_rows(Task.objects.filter(case_id__in=case_ids), names, ("title",))
        + scrub_rows(Document.objects.filter(case_id__in=case_ids), names,
                     ("title", "original_name", "deletion_reason")))


def _anonymise_whole(case_ids: set[int], ctx: ErasureContext) -> None:
    """The cases stay for statistics (status, outcome, dates, office, codes); sessions keep
    date, channel, district, language and topics; free text, tasks and documents go."""
    ctx.add("cases.sessions_anonymised", CounsellingSession.objects.filter(case_id__in=case_ids).update(
        summary="", next_steps="", location="", interpreter_name="", **bump(CounsellingSession)))
    ctx.add("cases.tasks", Task.objects.filter(case_id__in=case_ids).delete()[0])


def erase(ctx: ErasureContext) -> None:
    whole, shared = set(ctx.whole_case_ids), set(ctx.shared_case_ids)
    # The person's own documents on the cases of this run (and those on no case, unless the
    # person stays for another case); every document of a case that goes wholly.
    theirs = Q(case_id__in=shared) if ctx.other_case_ids else Q(case_id__in=shared) | Q(case__isnull=True)
    own = Document.objects.filter(Q(case_id__in=whole) | (Q(person_id=ctx.person_id) & theirs))
    ctx.add("cases.documents", delete_documents(own))
    if shared and ctx.names:
        _scrub_shared(shared, ctx.names, ctx)
    if ctx.mode == ANONYMISE:
        _anonymise_whole(whole, ctx)
        return
    # Sessions of shared cases stay for the others, without the person among the participants.
    through = CounsellingSession.participants.through
    ctx.add("cases.session_participations", through.objects.filter(
        person_id=ctx.person_id, counsellingsession__case_id__in=shared).delete()[0])
    cases = Case.objects.filter(pk__in=whole)
    ctx.add("cases.sessions", CounsellingSession.objects.filter(case__in=cases).count())
    ctx.add("cases.status_changes", CaseStatusChange.objects.filter(case__in=cases).count())
    ctx.add("cases.cases", len(whole))
    cases.delete()  # sessions, tasks, history and what higher apps left go with them (CASCADE)


def find_case(reference: str) -> tuple[int, int] | None:
    """(case id, organisation id) of the case with this reference, or None."""
    return Case.objects.filter(reference=(reference or "").strip().upper()).values_list(
        "pk", "organisation_id").first()


def case_members(case_id: int) -> list[int]:
    return list(HouseholdMember.objects.filter(household__cases__pk=case_id).order_by("id").values_list(
        "person_id", flat=True))


ACTIVITY = ProcessingActivity(
    code="cases.counselling",
    name=gettext_lazy("Return counselling and case management"),
    purpose=gettext_lazy(
        "Open-ended counselling on return, staying and reintegration: the case, the counselling sessions and "
        "their confidential summaries, tasks, documents and the course of the case."),
    legal_basis="Art. 6 Abs. 1 lit. a und e DSGVO (Einwilligung; Aufgabe im öffentlichen Interesse, gefördert "
                "durch Land und AMIF); Art. 9 Abs. 2 lit. a DSGVO für Gesundheitsangaben in Dokumenten",
    persons=(gettext_lazy("Clients and the members of their households, including children"),),
    data=(gettext_lazy("Names and name variants, date of birth, sex, nationalities, languages"),
          gettext_lazy("Contact details and address"),
          gettext_lazy("Residence status and BAMF file number"),
          gettext_lazy("Counselling sessions: date, channel, topics, interpreter, confidential summary"),
          gettext_lazy("Documents (passports, residence documents, medical reports, letters)"),
          gettext_lazy("Consents: purpose, recipient, form, withdrawal")),
    special_categories=(gettext_lazy("Health, in medical reports and session summaries"),),
    recipients=(gettext_lazy("None outside the counselling organisation, except through a disclosure or "
                             "referral the client consented to"),),
    record_types=("cases.closed_without_return", "cases.returned", "cases.deleted_documents",
                  "cases.persons_without_case"),
)


def register() -> None:
    register_processing_activity(ACTIVITY)
    register_subject_finder(SubjectFinder(search=search, describe=describe))
    register_case_lookup(find_case, case_members)
    register_subject_source(SubjectSource("cases", gettext_lazy("Cases, sessions, tasks and documents"),
                                          collect, erase, order=40))
