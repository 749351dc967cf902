"""The retention record types of cases (apps.privacy.registry.RecordType).

- Closed cases without a return: anonymised (or erased) N months after closing.
- Returned cases: N months after the last activity on the case — the last monitoring visit
  held or still planned (reported by reintegration through `register_last_activity`), else
  the departure, and in any case not before the last session or status change, so a case
  still being followed up is never due.
- Soft-deleted documents: file and row deleted at `Document.purge_after`, set when the
  document is deleted (`document_purge_date`) from the organisation's rule.
- Persons without a case (left over from a hotline call or a booking): erased N months after
  they were recorded.

The periods are guesses until a data protection officer confirms them (every rule starts
"unverified"); the sources below say so.
"""

from collections.abc import Callable, Iterable
from datetime import date, datetime

from dateutil.relativedelta import relativedelta
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.cases.models import Case, CaseOutcome, CaseStatus, CaseStatusChange, CounsellingSession, Document
from apps.clients.models import HouseholdMember, Person
from apps.privacy.registry import (
    ANONYMISE,
    DELETE,
    ERASE,
    SUBJECT_CASE,
    SUBJECT_PERSON,
    RecordType,
    RetentionScope,
    register_record_type,
)
from apps.privacy.source_helpers import ids_of

RETURNED = (CaseOutcome.RETURNED_WITH_PROGRAMME, CaseOutcome.RETURNED_WITHOUT_PROGRAMME)
RETURN_STATUSES = (CaseStatus.DEPARTED, CaseStatus.REINTEGRATION_FOLLOW_UP)
LEGAL_BASIS = "Art. 5 Abs. 1 lit. e, Art. 17 Abs. 1 lit. a DSGVO"
GUESS = ("Schätzung, nicht geprüft: ReturnNet kennt keine Rechtsvorschrift, die diese Frist festlegt. "
         "Zu prüfen von der/dem Datenschutzbeauftragten, u. a. gegen die Aufbewahrungspflichten der "
         "Förderprogramme (z. B. AMIF, REAG/GARP) und Verjährungsfristen.")

# (case ids) → {case id: date of the last activity}; reintegration registers the last
# monitoring visit held (cases may not import the apps above it).
_last_activity: list[Callable[[list[int]], dict[int, date]]] = []


def register_last_activity(provider: Callable[[list[int]], dict[int, date]]) -> None:
    _last_activity.append(provider)


def cutoff(scope: RetentionScope) -> datetime:
    return scope.now - relativedelta(months=scope.months)


def _with_living_member():
    """Cases whose household still has a member who is not anonymised: an anonymised case is
    not due again."""
    return Exists(HouseholdMember.objects.filter(household_id=OuterRef("household_id"),
                                                 person__anonymised_at__isnull=True))


def _unheld(queryset, scope: RetentionScope):
    return queryset.exclude(pk__in=scope.held_case_ids)


# --- Closed cases without a return -----------------------------------------------------------

def _closed_without_return(scope: RetentionScope):
    return Case.objects.filter(organisation_id=scope.organisation_id, status=CaseStatus.CLOSED,
                               closed_at__lt=cutoff(scope)).exclude(outcome__in=RETURNED).filter(
        _with_living_member())


def closed_due(scope: RetentionScope):
    return _unheld(_closed_without_return(scope), scope)


def closed_held(scope: RetentionScope) -> int:
    return _closed_without_return(scope).filter(pk__in=scope.held_case_ids).count()


def apply_to_cases(due, action: str) -> int:
    """Anonymise or erase each case with everything the apps hold about it (one transaction
    per case, apps.privacy.services)."""
    from apps.privacy import services

    orchestrator = services.anonymise_case if action == ANONYMISE else services.erase_case
    done = 0
    for case_id, organisation_id in Case.objects.filter(pk__in=ids_of(due)).values_list("pk", "organisation_id"):
        orchestrator(case_id=case_id, organisation_id=organisation_id)
        done += 1
    return done


# --- Returned cases ----------------------------------------------------------------------------

def _returned_candidates(scope: RetentionScope):
    returned = Q(status__in=RETURN_STATUSES) | Q(status=CaseStatus.CLOSED, outcome__in=RETURNED)
    limit = cutoff(scope)
    recent_session = CounsellingSession.objects.filter(case_id=OuterRef("pk"), started_at__gte=limit)
    recent_change = CaseStatusChange.objects.filter(case_id=OuterRef("pk"), at__gte=limit)
    return Case.objects.filter(returned, organisation_id=scope.organisation_id).filter(
        _with_living_member()).exclude(Exists(recent_session)).exclude(Exists(recent_change))


def _after_last_visit(case_ids: Iterable[int], scope: RetentionScope) -> list[int]:
    """Those of the cases whose last monitoring visit (if any) is older than the period."""
    case_ids = list(case_ids)
    limit = timezone.localdate(cutoff(scope))
    recent = set()
    for provider in _last_activity:
        recent |= {case_id for case_id, last in provider(case_ids).items() if last and last >= limit}
    return [case_id for case_id in case_ids if case_id not in recent]


def returned_due(scope: RetentionScope):
    candidates = _unheld(_returned_candidates(scope), scope).values_list("pk", flat=True)
    return Case.objects.filter(pk__in=_after_last_visit(candidates, scope))


def returned_held(scope: RetentionScope) -> int:
    held = _returned_candidates(scope).filter(pk__in=scope.held_case_ids).values_list("pk", flat=True)
    return len(_after_last_visit(held, scope))


# --- Soft-deleted documents ------------------------------------------------------------------

DOCUMENTS = "cases.deleted_documents"
DOCUMENT_MONTHS = 1


def document_purge_date(organisation_id: int, deleted_at: datetime) -> date:
    """When a document deleted now is purged: the organisation's rule (or the default)."""
    from apps.privacy.services import rule_for

    rule = rule_for(organisation_id, DOCUMENTS)
    months = rule.months if rule is not None else DOCUMENT_MONTHS
    return timezone.localdate(deleted_at) + relativedelta(months=months)


def _deleted_documents(scope: RetentionScope):
    # Documents deleted before purge_after was set fall back to the rule's period.
    return Document.objects.filter(organisation_id=scope.organisation_id, deleted_at__isnull=False).filter(
        Q(purge_after__lte=scope.today) | Q(purge_after__isnull=True, deleted_at__lt=cutoff(scope)))


def documents_due(scope: RetentionScope):
    return _deleted_documents(scope).exclude(case_id__in=scope.held_case_ids)


def documents_held(scope: RetentionScope) -> int:
    return _deleted_documents(scope).filter(case_id__in=scope.held_case_ids).count()


def apply_to_documents(due, action: str) -> int:
    from apps.cases.privacy import delete_documents

    return delete_documents(Document.objects.filter(pk__in=ids_of(due)))


# --- Persons without a case ------------------------------------------------------------------

def persons_due(scope: RetentionScope):
    with_case = HouseholdMember.objects.filter(person_id=OuterRef("pk"), household__cases__isnull=False)
    return Person.objects.filter(organisation_id=scope.organisation_id, created_at__lt=cutoff(scope),
                                 anonymised_at__isnull=True).exclude(Exists(with_case))


def apply_to_persons(due, action: str) -> int:
    from apps.privacy import services

    done = 0
    for person_id in ids_of(due):
        services.erase_person(person_id=person_id, mode=ANONYMISE if action == ANONYMISE else ERASE)
        done += 1
    return done


def register() -> None:
    register_record_type(RecordType(
        code="cases.closed_without_return", label=_("Closed cases without a return"),
        trigger=_("after the case was closed"), actions=(ANONYMISE, DELETE), default_action=ANONYMISE,
        default_months=36, default_legal_basis=LEGAL_BASIS, default_source=GUESS, due=closed_due,
        apply=apply_to_cases, held=closed_held, subject=SUBJECT_CASE, order=40,
        categories=(_("Case data and counselling records"),)))
    register_record_type(RecordType(
        code="cases.returned", label=_("Returned cases"),
        trigger=_("after the last monitoring visit, without visits after the departure"),
        actions=(ANONYMISE, DELETE), default_action=ANONYMISE, default_months=36,
        default_legal_basis=LEGAL_BASIS, default_source=GUESS, due=returned_due, apply=apply_to_cases,
        held=returned_held, subject=SUBJECT_CASE, order=40,
        categories=(_("Case data and counselling records"), _("Reintegration and monitoring"))))
    register_record_type(RecordType(
        code=DOCUMENTS, label=_("Deleted documents"), trigger=_("after the document was deleted"),
        actions=(DELETE,), default_action=DELETE, default_months=DOCUMENT_MONTHS,
        default_legal_basis="Art. 5 Abs. 1 lit. c und e, Art. 17 Abs. 1 lit. a DSGVO",
        default_source="Schätzung, nicht geprüft: ein Monat, in dem ein gelöschtes Dokument noch gespeichert "
                       "ist (für Rückfragen zur Löschung); danach werden Datei und Eintrag endgültig gelöscht.",
        due=documents_due, apply=apply_to_documents, held=documents_held, order=45,
        categories=(_("Documents (passports, medical reports, letters)"),)))
    register_record_type(RecordType(
        code="cases.persons_without_case", label=_("Persons without a case"),
        trigger=_("after the person was recorded"), actions=(DELETE, ANONYMISE), default_action=DELETE,
        default_months=6, default_legal_basis=LEGAL_BASIS,
        default_source="Schätzung, nicht geprüft: wer nach sechs Monaten keinen Fall hat, wird nicht beraten.",
        due=persons_due, apply=apply_to_persons, subject=SUBJECT_PERSON, order=35,
        categories=(_("Names and contact details"),)))
