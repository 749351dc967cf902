"""What the apps above privacy register about the personal data they hold.

privacy (L1) never imports the apps that hold the data. Each such app has a `privacy.py`
and registers, in its `AppConfig.ready()`:

- **Record types** (`register_record_type`): a kind of record with a retention rule, e.g.
  "closed cases without a return", "callback requests", "soft-deleted documents". The
  retention run asks the record type which records are due and applies the rule's action.
  The rule itself (period, action, legal basis, source, "unverified") is data
  (`privacy.models.RetentionRule`), created from the record type's defaults and edited by
  the data protection officer.
- **Subject sources** (`register_subject_source`): every app that holds records about a
  person collects them for the subject-access export and erases or anonymises them on
  request (Art. 17) and when a case's retention period ends.
- **The subject finder** (`register_subject_finder`, one, by `cases`): finds persons for
  the data protection officer and tells, before an erasure, the person's names (to scrub
  them from free text kept for other household members) and which cases go with the person
  wholly (nobody else in the household) or stay for the others (shared).
- **Processing activities** (`register_processing_activity`): the lines of the records of
  processing (Art. 30): purpose, categories of persons and data, recipients.

Erasure runs the subject sources in descending `order` (higher apps first), so that rows
that protect others from deletion (foreign keys with PROTECT) go first; `clients` comes last.
Suggested orders: events/network/hotline/appointments 90, reintegration 80, applications 70,
assessments/referrals/countryinfo 60, disclosures 50, cases 40, jobs/audit 35, clients 30.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

ANONYMISE = "anonymise"
DELETE = "delete"
ERASE = "erase"  # mode of an erasure on request: delete what concerns the person
SUBJECT_CASE = "case"  # RecordType.subject: due() yields cases (Case rows or case ids)
SUBJECT_PERSON = "person"  # RecordType.subject: due() yields persons (Person rows or ids)


@dataclass(frozen=True)
class RetentionScope:
    """What the retention run hands to a record type: whose records, as of when, after how
    long, and which cases are under a legal hold (their records are never due)."""

    organisation_id: int
    now: datetime  # aware; the run's clock
    months: int  # the rule's period
    held_case_ids: frozenset[int]

    @property
    def today(self) -> date:
        from django.utils import timezone

        return timezone.localdate(self.now)


@dataclass(frozen=True)
class RecordType:
    """A kind of record with a retention rule.

    `due(scope)` returns a queryset (or a list of ids) of the records whose period has ended
    and that no legal hold keeps; `apply(due, action)` anonymises or deletes them (files on
    disk included) in the current transaction and returns how many it changed. `held(scope)`
    counts records that would be due but are kept by a hold (for the dry-run report).
    """

    code: str  # "<app>.<kind>", e.g. "cases.closed_without_return"
    label: Any  # lazy translation: "Closed cases without a return"
    trigger: Any  # lazy translation: when the period starts, e.g. "after the case was closed"
    actions: tuple[str, ...]  # the actions the rule may choose: ANONYMISE and/or DELETE
    default_action: str
    default_months: int
    default_legal_basis: str  # German text, e.g. "Art. 5 Abs. 1 lit. e, Art. 17 Abs. 1 lit. a DSGVO"
    default_source: str  # where the period comes from (a law, a funder's rule) or why it is a guess
    due: Callable[[RetentionScope], Any]
    apply: Callable[[Any, str], int]
    held: Callable[[RetentionScope], int] = lambda scope: 0
    categories: tuple[Any, ...] = ()  # lazy labels of the data categories (records of processing)
    order: int = 50  # the run applies higher orders first (as erasure does)
    # What `due` yields, when it is whole cases or persons: SUBJECT_CASE or SUBJECT_PERSON.
    # An erasure on request is "due" (no second approval) when every case of the person is
    # among the due records of the SUBJECT_CASE types, or, for a person without a case, when
    # the person is among those of a SUBJECT_PERSON type (apps.privacy.services.erasure_due).
    subject: str = ""


@dataclass
class SubjectRecord:
    """One record about a person in the subject-access export: what it is, when, and its
    fields as label → value (JSON-serialisable: text, numbers, ISO dates, lists)."""

    kind: str  # stable code, e.g. "counselling_session"
    title: Any  # translated kind, e.g. "Counselling session"
    fields: dict[str, Any]
    at: datetime | date | None = None
    files: list[tuple[str, bytes]] = field(default_factory=list)  # (file name, plain bytes)


@dataclass
class ErasureContext:
    """One erasure or anonymisation of one person, as the sources see it.

    `mode` is ERASE (delete what concerns the person) or ANONYMISE (keep what statistics
    need: year-of-birth band, sex, nationality, district, programme, outcome; drop names,
    contacts, free text and documents). `whole_case_ids` are cases of which the person is
    the only member: they go (or are anonymised) entirely. `shared_case_ids` stay for the
    other members: only the person's own records go, and `names` are scrubbed from the
    free text that stays. Sources add their counts to `counts` ("<source>.<record>": n).
    """

    person_id: int
    organisation_id: int
    mode: str
    names: list[str]
    whole_case_ids: set[int]
    shared_case_ids: set[int]
    now: datetime
    counts: dict[str, int] = field(default_factory=dict)
    # Cases of the person outside this erasure: set when a case's retention anonymises or
    # erases the case (whole_case_ids = that case) while the person has other cases. The
    # person's own rows (the person, their consents, contacts) stay while it is non-empty.
    other_case_ids: set[int] = field(default_factory=set)

    def add(self, key: str, number: int) -> None:
        if number:
            self.counts[key] = self.counts.get(key, 0) + number


@dataclass(frozen=True)
class SubjectSource:
    code: str  # the app label, e.g. "referrals"
    label: Any
    collect: Callable[[int], Iterable[SubjectRecord]]  # person_id → records about the person
    erase: Callable[[ErasureContext], None]
    order: int = 50


@dataclass(frozen=True)
class SubjectInfo:
    person_id: int
    organisation_id: int
    label: str  # what the data protection officer reads: name, date of birth, case reference
    names: list[str]  # every name and variant, for scrubbing shared free text
    language: str  # the client language the person reads (apps.core.client_languages)
    whole_case_ids: set[int]
    shared_case_ids: set[int]
    household_member_ids: set[int]  # the other members (kept)


@dataclass(frozen=True)
class SubjectFinder:
    # (organisation ids, query text) → up to 20 SubjectInfo (name, case reference or id)
    search: Callable[[Iterable[int], str], list[SubjectInfo]]
    # person_id → SubjectInfo, or None when the person does not exist
    describe: Callable[[int], SubjectInfo | None]


@dataclass(frozen=True)
class ProcessingActivity:
    """One line of the records of processing (Art. 30 (1) GDPR)."""

    code: str
    name: Any
    purpose: Any
    legal_basis: str
    persons: tuple[Any, ...]  # categories of data subjects
    data: tuple[Any, ...]  # categories of personal data
    recipients: tuple[Any, ...] = ()
    special_categories: tuple[Any, ...] = ()  # Art. 9 data, if any
    record_types: tuple[str, ...] = ()  # RecordType codes whose rules set the erasure periods


_record_types: dict[str, RecordType] = {}
_sources: dict[str, SubjectSource] = {}
_activities: dict[str, ProcessingActivity] = {}
_finder: list[SubjectFinder] = []
_case_lookup: list[tuple[Callable[[str], tuple[int, int] | None], Callable[[int], list[int]] | None]] = []


def register_record_type(record_type: RecordType) -> None:
    _record_types[record_type.code] = record_type


def register_subject_source(source: SubjectSource) -> None:
    _sources[source.code] = source


def register_subject_finder(finder: SubjectFinder) -> None:
    _finder[:] = [finder]


def register_case_lookup(find: Callable[[str], tuple[int, int] | None],
                         members: Callable[[int], list[int]] | None = None) -> None:
    """One, by `cases`: `find(reference)` → (case id, organisation id) or None (the data
    protection officer names a case by its reference for a legal hold); `members(case_id)`
    → the person ids of the case's household (a case's retention runs the subject sources
    for each of them, apps.privacy.services.anonymise_case)."""
    _case_lookup[:] = [(find, members)]


def find_case(reference: str) -> tuple[int, int] | None:
    from django.core.exceptions import ImproperlyConfigured

    if not _case_lookup:
        raise ImproperlyConfigured("no app registered a case lookup (apps.cases.privacy)")
    return _case_lookup[0][0](reference)


def case_members(case_id: int) -> list[int]:
    from django.core.exceptions import ImproperlyConfigured

    if not _case_lookup or _case_lookup[0][1] is None:
        raise ImproperlyConfigured("no app registered the members of a case (apps.cases.privacy)")
    return list(_case_lookup[0][1](case_id))


def register_processing_activity(activity: ProcessingActivity) -> None:
    _activities[activity.code] = activity


def record_types() -> list[RecordType]:
    return sorted(_record_types.values(), key=lambda t: (-t.order, t.code))


def record_type(code: str) -> RecordType | None:
    return _record_types.get(code)


def subject_sources() -> list[SubjectSource]:
    """In the order erasure runs them: higher apps first."""
    return sorted(_sources.values(), key=lambda s: (-s.order, s.code))


def processing_activities() -> list[ProcessingActivity]:
    return sorted(_activities.values(), key=lambda a: a.code)


def subject_finder() -> SubjectFinder:
    from django.core.exceptions import ImproperlyConfigured

    if not _finder:
        raise ImproperlyConfigured("no app registered a subject finder (apps.cases.privacy)")
    return _finder[0]
