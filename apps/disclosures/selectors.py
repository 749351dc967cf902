"""Reads of disclosures. The functions below are the contract other apps build on.

Two audiences, two scoping points: the disclosing organisation sees the disclosures of the
cases it sees (disclosures_of, disclosure_for); the recipient authority sees only the
disclosures addressed to it that are accessible right now (inbox_of) — not revoked, consent
not withdrawn, not expired. That one condition is checked on every request, so revoking a
disclosure or withdrawing the consent ends access at once, without a job.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, F, Max, Min, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import TruncDate
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import Organisation
from apps.accounts.selectors import organisation_ids_with
from apps.audit.models import AuditEntry
from apps.audit.services import record
from apps.cases.models import SENSITIVE_DOCUMENT_TYPES, Case, Document
from apps.cases.selectors import cases_visible_to, documents_of
from apps.clients.models import Consent, Person
from apps.disclosures.models import BorderCrossingCertificate, Disclosure, DisclosureMessage

DISCLOSURE_OBJECT_TYPE = "disclosures.disclosure"
# The authority's reads that the counsellor sees in the access log.
ACCESS_ACTIONS = ("disclosure.viewed", "disclosure.document_downloaded")


def valid_border_crossing_certificates(case, *, on=None):
    """The case's GÜBs valid on `on` (default today), newest first, with their persons."""
    day = on or timezone.localdate()
    return (BorderCrossingCertificate.objects.filter(case=case, valid_until__gte=day, issued_on__lte=day)
            .prefetch_related("persons").order_by("-issued_on", "-id"))


# --- Status --------------------------------------------------------------------------------

ACTIVE, REVOKED, CONSENT_WITHDRAWN, EXPIRED = "active", "revoked", "consent_withdrawn", "expired"


def accessible_condition(prefix: str = "") -> Q:
    """The one rule for the recipient's access: not revoked, consent valid and for this very
    recipient, not past valid_until."""
    return Q(**{f"{prefix}revoked_at__isnull": True, f"{prefix}consent__withdrawn_at__isnull": True,
                f"{prefix}consent__recipient_id": F(f"{prefix}recipient_id")}) & (
        Q(**{f"{prefix}valid_until__isnull": True})
        | Q(**{f"{prefix}valid_until__gte": timezone.localdate()}))


def status_of(disclosure: Disclosure) -> str:
    if disclosure.revoked_at is not None:
        return REVOKED
    if disclosure.consent.withdrawn_at is not None:
        return CONSENT_WITHDRAWN
    if disclosure.valid_until is not None and disclosure.valid_until < timezone.localdate():
        return EXPIRED
    return ACTIVE


def is_accessible(disclosure: Disclosure) -> bool:
    return status_of(disclosure) == ACTIVE and disclosure.consent.recipient_id == disclosure.recipient_id


# --- The disclosing organisation's side --------------------------------------------------------


def _full(disclosures: QuerySet[Disclosure]) -> QuerySet[Disclosure]:
    return disclosures.select_related(
        "recipient", "consent", "consent__person", "created_by", "revoked_by", "confirmed_by", "case",
    ).prefetch_related(
        Prefetch("messages", queryset=DisclosureMessage.objects.select_related("author", "organisation")),
        Prefetch("certificates", queryset=BorderCrossingCertificate.objects.prefetch_related("persons")),
        "documents",
    )


def disclosures_visible_to(user) -> QuerySet[Disclosure]:
    """Disclosures of the cases the user sees (any status)."""
    return Disclosure.objects.filter(case__in=cases_visible_to(user))


def disclosures_of_case(case: Case) -> QuerySet[Disclosure]:
    """The disclosures of one case the caller has already scoped (case_for), any status: only
    that case's rows are read, not the set of every visible case (issue 14)."""
    return case.disclosures.all()


def disclosures_of(user, case: Case) -> QuerySet[Disclosure]:
    """The disclosures of one case (already scoped by the caller), newest first."""
    return _full(disclosures_of_case(case)).order_by("-created_at", "-id")


def disclosure_for(user, pk: int, *, audit: bool = True) -> Disclosure:
    """A disclosure the user may manage (disclosure.create in the case's organisation), or 404."""
    disclosure = get_object_or_404(
        _full(disclosures_visible_to(user).filter(
            case__organisation_id__in=organisation_ids_with(user, "disclosure.create"))), pk=pk)
    if audit:
        record(user, "disclosure.viewed_by_owner", disclosure, organisation_id=disclosure.case.organisation_id,
               case_id=disclosure.case_id)
    return disclosure


def case_for_disclosing(user, pk: int) -> Case:
    """A visible case of an organisation where the user may disclose, or 404."""
    return get_object_or_404(
        cases_visible_to(user).filter(organisation_id__in=organisation_ids_with(user, "disclosure.create"))
        .select_related("organisation", "office", "household"), pk=pk)


@dataclass(frozen=True)
class AccessLine:
    """The recipient's reads of a disclosure by one person, of one kind, on one day."""

    actor_email: str
    action: str
    day: date
    first: datetime
    last: datetime
    count: int

    @property
    def is_download(self) -> bool:
        return self.action == "disclosure.document_downloaded"


def access_log(disclosures) -> dict[int, list[AccessLine]]:
    """Disclosure id → the recipient's reads of it, newest day first ("viewed by … on …"), in one
    query.

    Every page view of the authority is one audit entry, so a reader who opens the page again
    (another tab, a reload, the certificate form) produced a run of identical lines ("viewed by
    abh… on 04.12.2026 14:03" nine times). The log stays complete in the audit table; this view
    groups a reader's reads of one kind per day, with their count and first and last time."""
    ids = [str(d.pk) for d in disclosures]
    log: dict[int, list[AccessLine]] = {}
    if not ids:
        return log
    rows = (AuditEntry.objects.filter(object_type=DISCLOSURE_OBJECT_TYPE, object_id__in=ids,
                                      action__in=ACCESS_ACTIONS)
            .annotate(day=TruncDate("at")).values("object_id", "actor_email", "action", "day")
            .annotate(first=Min("at"), last=Max("at"), count=Count("id"))
            .order_by("-day", "-last", "actor_email", "action"))
    for row in rows:
        log.setdefault(int(row["object_id"]), []).append(AccessLine(
            row["actor_email"], row["action"], row["day"], row["first"], row["last"], row["count"]))
    return log


def authorities() -> QuerySet[Organisation]:
    return Organisation.objects.filter(is_active=True, kind=Organisation.Kind.AUTHORITY).order_by("name")


def suggested_recipient(case: Case) -> Organisation | None:
    """The authority of the principal's district; failing that, of the case office's district."""
    principal = case.household.members.filter(is_principal=True).select_related("person").first()
    districts = [principal.person.district_id if principal else None,
                 case.office.district_id if case.office_id else None]
    for district_id in districts:
        if district_id is not None:
            found = authorities().filter(district_id=district_id).first()
            if found is not None:
                return found
    return None


def household_persons(case: Case) -> QuerySet[Person]:
    return Person.objects.filter(memberships__household_id=case.household_id).order_by("memberships__id")


def disclosure_consents(case: Case, recipient_id: int | None = None) -> QuerySet[Consent]:
    """Valid consents of household members to a disclosure to an authority (to `recipient_id`)."""
    consents = Consent.objects.filter(
        person__memberships__household_id=case.household_id, purpose=Consent.Purpose.DISCLOSURE_TO_AUTHORITY,
        withdrawn_at__isnull=True, recipient__isnull=False,
    ).select_related("person", "recipient").order_by("-given_at", "-id")
    if recipient_id is not None:
        consents = consents.filter(recipient_id=recipient_id)
    return consents


def disclosable_documents(user, case: Case) -> QuerySet[Document]:
    """The case's documents the user sees (not deleted) and that are not of a sensitive type
    (a medical report is never disclosed to an authority): the only ones that can be disclosed.
    Whose documents a consent covers is checked in services.disclosure_create()."""
    return documents_of(user, case).exclude(document_type__in=SENSITIVE_DOCUMENT_TYPES)


def persons_to_pin(case: Case, consent: Consent, codes) -> list[Person]:
    """Whom a new disclosure concerns: the consenting person, and the household's members now
    if "household_members" is disclosed."""
    persons = [consent.person]
    if "household_members" in codes:
        persons += [p for p in household_persons(case) if p.pk != consent.person_id]
    return persons


def disclosed_persons(disclosure: Disclosure) -> QuerySet[Person]:
    """The persons pinned when the disclosure was made: whom it concerns, and whom a GÜB on it
    may name. People who joined the household later are not among them."""
    return Person.objects.filter(pk__in=disclosure.persons.values("pk")).order_by("id")


def _ordered_persons(disclosure: Disclosure) -> list[Person]:
    """The pinned persons, the consenting person first."""
    persons = list(disclosed_persons(disclosure))
    return sorted(persons, key=lambda p: (p.pk != disclosure.consent.person_id, p.pk))


def person_label(disclosure: Disclosure, person: Person, position: int) -> str:
    """How the authority's pages name a person of the disclosure: only with what was disclosed
    of them — the name and date of birth of the household members if "household_members" was
    disclosed; the consenting person's name / date of birth if "name" / "birth_date" was —
    else "Person 1", "Person 2", … in the order of person_labels()."""
    household = "household_members" in disclosure.fields
    own = person.pk == disclosure.consent.person_id
    parts = []
    if household or (own and "name" in disclosure.fields):
        parts.append(f"{person.given_names} {person.family_name}".strip())
    if household or (own and "birth_date" in disclosure.fields):
        birth = person.display_birth_date
        if birth and birth != "—":
            parts.append(f"({birth})" if parts else birth)
    if not parts:
        return _("Person %(number)s") % {"number": position}
    return " ".join(parts)


def person_labels(disclosure: Disclosure) -> dict[int, str]:
    """Person id → person_label() for the pinned persons."""
    return {p.pk: person_label(disclosure, p, position)
            for position, p in enumerate(_ordered_persons(disclosure), start=1)}


def certificate_rows(disclosure: Disclosure, certificates) -> list[dict]:
    """The recorded GÜBs with their persons labelled as on the authority's pages (a person who
    is not pinned — recorded by the counsellor — is shown as "another person")."""
    labels = person_labels(disclosure)
    return [{"certificate": c, "persons": [labels.get(p.pk, _("another person")) for p in c.persons.all()]}
            for c in certificates]


# --- The recipient authority's side -----------------------------------------------------------


def _open_question() -> Q:
    """The newest message is the recipient's: a question waiting for an answer."""
    newest = DisclosureMessage.objects.filter(disclosure=OuterRef("pk")).order_by("-created_at", "-id")
    return Q(pk__in=Disclosure.objects.annotate(
        last_org=Subquery(newest.values("organisation_id")[:1])).filter(last_org=F("recipient_id")).values("pk"))


def inbox_of(user) -> QuerySet[Disclosure]:
    """Accessible disclosures addressed to organisations where the user holds disclosure.receive."""
    return (Disclosure.objects.filter(accessible_condition(),
                                      recipient_id__in=organisation_ids_with(user, "disclosure.receive"))
            .select_related("case__organisation", "recipient", "consent").order_by("-created_at", "-id"))


def inbox_disclosure_for(user, pk: int, *, audit: bool = True) -> Disclosure:
    """An accessible disclosure addressed to the user's organisation, or 404; the read is audited
    for the disclosing organisation (its data-protection officer sees it, with the case)."""
    disclosure = get_object_or_404(inbox_of(user).select_related("consent__person", "case__household"), pk=pk)
    if audit:
        record(user, "disclosure.viewed", disclosure, organisation_id=disclosure.case.organisation_id,
               case_id=disclosure.case_id, details={"fields": disclosure.fields,
                                                    "recipient_id": disclosure.recipient_id})
    return disclosure


def disclosed_documents(disclosure: Disclosure) -> QuerySet[Document]:
    return disclosure.documents.filter(deleted_at__isnull=True).order_by("id")


def disclosed_document(disclosure: Disclosure, document_pk: int) -> Document:
    return get_object_or_404(disclosed_documents(disclosure), pk=document_pk)


def messages_of(disclosure: Disclosure) -> QuerySet[DisclosureMessage]:
    return disclosure.messages.select_related("organisation").order_by("created_at", "id")


def certificates_of(disclosure: Disclosure) -> QuerySet[BorderCrossingCertificate]:
    return disclosure.certificates.prefetch_related("persons").order_by("-issued_on", "-id")


def new_in_inbox(user) -> QuerySet[Disclosure]:
    """Not yet confirmed by the authority."""
    return inbox_of(user).filter(confirmed_at__isnull=True)


def open_questions(user) -> QuerySet[Disclosure]:
    return inbox_of(user).filter(_open_question())


def unanswered_questions(user) -> QuerySet[Disclosure]:
    """For the disclosing side: accessible disclosures of visible cases with an open question."""
    return (disclosures_visible_to(user).filter(accessible_condition(), _open_question())
            .filter(case__organisation_id__in=organisation_ids_with(user, "disclosure.create"))
            .select_related("case", "recipient").order_by("-created_at", "-id"))


# --- The data protection officer's register ---------------------------------------------------


def register_of(user) -> QuerySet[Disclosure]:
    """Every disclosure made by the organisations where the user holds privacy.manage (any
    status, newest first), with what the register shows joined: recipient, consent, case."""
    return (Disclosure.objects.filter(case__organisation_id__in=organisation_ids_with(user, "privacy.manage"))
            .select_related("recipient", "consent", "consent__recipient", "case", "case__organisation")
            .annotate(document_count=Count("documents", distinct=True))
            .order_by("-created_at", "-id"))


def _status_condition(status: str) -> Q:
    today = timezone.localdate()
    valid = Q(revoked_at__isnull=True, consent__withdrawn_at__isnull=True)
    return {
        REVOKED: Q(revoked_at__isnull=False),
        CONSENT_WITHDRAWN: Q(revoked_at__isnull=True, consent__withdrawn_at__isnull=False),
        EXPIRED: valid & Q(valid_until__lt=today),
        ACTIVE: valid & (Q(valid_until__isnull=True) | Q(valid_until__gte=today)),
    }[status]


def filter_register(disclosures: QuerySet[Disclosure], *, recipient=None, purpose: str = "", status: str = "",
                    case_reference: str = "", date_from: date | None = None,
                    date_to: date | None = None) -> QuerySet[Disclosure]:
    """Narrow register_of() by recipient organisation, purpose, status (as status_of() tells
    it), case reference and the day it was made (both ends inclusive, local days)."""
    if recipient is not None:
        disclosures = disclosures.filter(recipient=recipient)
    if purpose:
        disclosures = disclosures.filter(purpose=purpose)
    if status:
        disclosures = disclosures.filter(_status_condition(status))
    if case_reference.strip():
        disclosures = disclosures.filter(case__reference__iexact=case_reference.strip())
    if date_from is not None:
        disclosures = disclosures.filter(created_at__date__gte=date_from)
    if date_to is not None:
        disclosures = disclosures.filter(created_at__date__lte=date_to)
    return disclosures


def register_recipients(user) -> QuerySet[Organisation]:
    """The organisations that ever received a disclosure of the user's organisations (filter)."""
    made = Disclosure.objects.filter(case__organisation_id__in=organisation_ids_with(user, "privacy.manage"))
    return Organisation.objects.filter(pk__in=made.values("recipient_id")).order_by("name")


def audit_register_read(user, details: dict) -> None:
    """One entry per organisation whose register the user read (its officer sees it in the log)."""
    for organisation_id in organisation_ids_with(user, "privacy.manage"):
        record(user, "disclosure.dpo_register_viewed", organisation_id=organisation_id, details=details)
