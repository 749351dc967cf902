"""Reads of the referrals app, each scoped to what the acting user may see.

Three audiences, three scoping points: the counselling organisation sees referrals of
visible cases (referrals_visible_to), those to a service of a sensitive type only with
case.sensitive.read; the provider sees referrals addressed to it, and only their snapshot
(inbox_of); the submitting partner sees its own incoming referrals and only their status
(submitted_by_organisations_of).
"""

import json
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django_countries import countries

from apps.accounts.models import Organisation
from apps.accounts.selectors import organisation_ids_with
from apps.audit.services import record
from apps.cases.models import Case
from apps.cases.selectors import cases_visible_to
from apps.core.languages import language_name
from apps.referrals.models import (
    IncomingReferral,
    IncomingStatus,
    Referral,
    ReferralStatus,
    Service,
    SharedField,
)
from apps.regions.models import District, Postcode

S = ReferralStatus


def follow_up_days() -> int:
    return getattr(settings, "REFERRAL_FOLLOW_UP_DAYS", 14)


def receiving_organisations() -> QuerySet[Organisation]:
    """Organisations that counsel: the ones a person can be referred to."""
    return Organisation.objects.filter(
        is_active=True,
        kind__in=[Organisation.Kind.COUNSELLING_PROVIDER, Organisation.Kind.COMPETENCE_CENTRE],
    )


def receiving_organisation_ids(user) -> list[int]:
    """The receiving organisations where the user may accept incoming referrals."""
    return list(receiving_organisations().filter(pk__in=organisation_ids_with(user, "case.write"))
                .values_list("pk", flat=True))

# --- Service directory (readable by every signed-in user: it holds no personal data) ------


@dataclass
class ServiceFilters:
    query: str = ""
    service_type: str = ""
    district: int | None = None
    postcode: str = ""
    language: str = ""
    include_inactive: bool = False


def districts_for_postcode(postcode: str) -> list[int]:
    return list(Postcode.objects.filter(code=postcode.strip()).values_list("district_id", flat=True).distinct())


def search_services(filters: ServiceFilters) -> QuerySet[Service]:
    """Directory entries by type, district (or postcode → district) and language. A
    statewide service serves every district."""
    services = Service.objects.all() if filters.include_inactive else Service.objects.filter(is_active=True)
    if filters.query.strip():
        services = services.filter(Q(name__icontains=filters.query.strip())
                                   | Q(provider__name__icontains=filters.query.strip()))
    if filters.service_type:
        services = services.filter(service_types__code=filters.service_type)
    district_ids = [filters.district] if filters.district else []
    if filters.postcode.strip():
        district_ids += districts_for_postcode(filters.postcode) or [0]
    if district_ids:
        services = services.filter(Q(statewide=True) | Q(districts__in=district_ids))
    if filters.language:
        services = services.filter(_speaks(filters.language))
    return services.distinct().select_related("provider").prefetch_related("service_types", "districts")


def _speaks(language: str) -> Q:
    from django.db import connection

    if connection.features.supports_json_field_contains:
        return Q(languages__contains=[language])
    # SQLite has no JSON containment; the codes are quoted in the stored list.
    return Q(languages__icontains=f'"{language}"')


def service_for(pk: int) -> Service:
    return get_object_or_404(
        Service.objects.select_related("provider").prefetch_related("service_types", "districts"), pk=pk)


def active_services() -> QuerySet[Service]:
    return Service.objects.filter(is_active=True).select_related("provider").order_by("name")


def referable_services(user, case: Case) -> QuerySet[Service]:
    """Active services the user may refer the case to: those of a sensitive type only with
    case.sensitive.read in the case's organisation (the referral would be hidden from them)."""
    services = active_services()
    if case.organisation_id not in organisation_ids_with(user, "case.sensitive.read"):
        services = services.exclude(service_types__is_sensitive=True)
    return services


def all_districts() -> QuerySet[District]:
    return District.objects.order_by("name")


# --- Outgoing referrals: the counselling organisation's side ----------------------------------


def _with_related(referrals: QuerySet[Referral]) -> QuerySet[Referral]:
    return referrals.select_related("service", "service__provider", "recipient_organisation", "person",
                                    "follow_up_task", "case")


def _sensitivity_filter(user) -> Q:
    """A referral to a service of a sensitive type reveals special categories of data: only
    users holding case.sensitive.read in the case's organisation see it (the one rule)."""
    sensitive_services = Service.objects.filter(service_types__is_sensitive=True).values("pk")
    return ~Q(service_id__in=sensitive_services) | Q(
        case__organisation_id__in=organisation_ids_with(user, "case.sensitive.read"))


def referrals_visible_to(user) -> QuerySet[Referral]:
    return Referral.objects.filter(_sensitivity_filter(user), case__in=cases_visible_to(user))


def referrals_of_case(user, case: Case) -> QuerySet[Referral]:
    """The referrals of one case the caller has already scoped (case_for) that the user may
    see: only that case's rows are read, not the set of every visible case (issue 14)."""
    return case.referrals.filter(_sensitivity_filter(user))


def referrals_of(user, case: Case) -> QuerySet[Referral]:
    """The referrals of a case (which the caller has already scoped) that the user may see."""
    return _with_related(referrals_of_case(user, case)).order_by("-created_at", "-id")


def referral_for(user, pk: int, *, audit: bool = True) -> Referral:
    referral = get_object_or_404(_with_related(referrals_visible_to(user)).select_related(
        "case__organisation", "case__household", "created_by", "sent_by", "consent"), pk=pk)
    if audit:
        record(user, "referral.viewed", referral, organisation_id=referral.case.organisation_id)
    return referral


def shared_data(referral: Referral) -> dict:
    return json.loads(referral.shared_data) if referral.shared_data else {}


def _display(field: str, value) -> str:
    if field == SharedField.NAME:
        return f"{value.get('given_names', '')} {value.get('family_name', '')}".strip()
    if field == SharedField.NATIONALITIES:
        return ", ".join(countries.name(code) or code for code in value)
    if field == SharedField.LANGUAGES:
        return ", ".join(language_name(code) for code in value)
    if field == SharedField.ADDRESS:
        place = f"{value.get('postcode', '')} {value.get('city', '')}".strip()
        return ", ".join(p for p in (value.get("street", ""), place, value.get("district", "")) if p)
    return str(value)


def shared_rows(data: dict) -> list[tuple[str, str]]:
    """(label, text) for each field of a snapshot, in the fixed order, in the active language."""
    labels = dict(SharedField.choices)
    return [(str(labels[f]), _display(f, data[f]) or "—") for f in SharedField.values if f in data]


# --- The provider's inbox ---------------------------------------------------------------------

INBOX_STATUSES = [S.SENT, S.ACCEPTED, S.COMPLETED, S.DECLINED, S.NO_RESPONSE]


def inbox_of(user) -> QuerySet[Referral]:
    """Referrals sent to organisations where the user holds referral.receive. The recipient
    is the one pinned when the referral was sent, never the service's current provider."""
    return (
        Referral.objects.filter(
            recipient_organisation_id__in=organisation_ids_with(user, "referral.receive"),
            status__in=INBOX_STATUSES)
        .select_related("service", "service__provider", "case__organisation", "consent")
        .order_by("-sent_at", "-id")
    )


def inbox_referral_for(user, pk: int, *, audit: bool = True) -> Referral:
    referral = get_object_or_404(inbox_of(user), pk=pk)
    if audit:
        record(user, "referral.inbox_viewed", referral, organisation_id=referral.recipient_organisation_id,
               case_id=None, person_id=referral.person_id)
    return referral


def snapshot_visible(referral: Referral) -> bool:
    """The shared data may be used only while the consent it rests on is valid and names the
    organisation the referral was sent to."""
    consent = referral.consent
    return (consent is not None and consent.withdrawn_at is None
            and referral.recipient_organisation_id is not None
            and consent.recipient_id == referral.recipient_organisation_id)


# --- Incoming referrals -----------------------------------------------------------------------


def submitted_by_organisations_of(user) -> QuerySet[IncomingReferral]:
    """What partner or authority staff see: their organisation's submissions."""
    return (IncomingReferral.objects.filter(from_organisation_id__in=organisation_ids_with(user, "referral.submit"))
            .select_related("to_organisation", "from_organisation").order_by("-created_at", "-id"))


def submitted_for(user, pk: int) -> IncomingReferral:
    return get_object_or_404(submitted_by_organisations_of(user), pk=pk)


def incoming_of(user) -> QuerySet[IncomingReferral]:
    """What the counselling organisation sees: referrals addressed to it."""
    return (IncomingReferral.objects.filter(to_organisation_id__in=organisation_ids_with(user, "case.write"))
            .select_related("from_organisation", "to_organisation", "district", "case").order_by("-created_at", "-id"))


def incoming_visible_to(user) -> QuerySet[IncomingReferral]:
    """Both sides at once (for the API): submitted by or addressed to the user's organisations."""
    return (IncomingReferral.objects.filter(
        Q(from_organisation_id__in=organisation_ids_with(user, "referral.submit"))
        | Q(to_organisation_id__in=organisation_ids_with(user, "case.write")))
        .order_by("-created_at", "-id"))


def incoming_for(user, pk: int, *, audit: bool = True) -> IncomingReferral:
    incoming = get_object_or_404(incoming_of(user), pk=pk)
    if audit:
        record(user, "incoming_referral.viewed", incoming)
    return incoming


def linked_case_visible(user, incoming: IncomingReferral) -> bool:
    """Whether the user may see the case the referral led to (a restricted one may be hidden)."""
    return incoming.case_id is not None and cases_visible_to(user).filter(pk=incoming.case_id).exists()


def linkable_case(user, incoming: IncomingReferral, reference: str) -> Case | None:
    """A case visible to the user, of the receiving organisation, by reference or number."""
    cases = cases_visible_to(user).filter(organisation_id=incoming.to_organisation_id)
    reference = reference.strip().upper()
    if reference.isdigit():
        return cases.filter(pk=int(reference)).first()
    return cases.filter(reference=reference).first()


def cases_of_persons(user, person_ids: list[int]) -> dict[int, list[dict]]:
    """Person id → visible cases of their households (for the duplicate list), in one query."""
    result: dict[int, list[dict]] = {}
    rows = cases_visible_to(user).filter(household__members__person_id__in=person_ids).values_list(
        "household__members__person_id", "pk", "reference")
    for person_id, pk, reference in rows:
        result.setdefault(person_id, []).append({"pk": pk, "reference": reference})
    return result


# --- Home widgets -----------------------------------------------------------------------------


def waiting_for_response(user) -> QuerySet[Referral]:
    """Sent referrals of visible cases that the provider has not answered yet."""
    return referrals_visible_to(user).filter(status=S.SENT).select_related(
        "service", "case").order_by("sent_at", "id")


def overdue_follow_ups(user) -> QuerySet[Referral]:
    """Referrals whose follow-up task is open and past due, or sent long ago without answer."""
    today = timezone.localdate()
    limit = timezone.now() - timedelta(days=follow_up_days())
    overdue_task = Q(follow_up_task__done_at__isnull=True, follow_up_task__due_date__lt=today)
    unanswered = Q(status=S.SENT, sent_at__lt=limit)
    return referrals_visible_to(user).filter(overdue_task | unanswered).select_related(
        "service", "case", "follow_up_task").order_by("sent_at", "id")


def new_in_inbox(user) -> QuerySet[Referral]:
    return inbox_of(user).filter(status=S.SENT)


def new_incoming(user) -> QuerySet[IncomingReferral]:
    return incoming_of(user).filter(status=IncomingStatus.RECEIVED)
