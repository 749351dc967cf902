"""Reads of the country-information part, scoped by the acting user.

- The contact directory is network-wide: everybody with case.read reads it, everybody with
  directory.manage maintains it (inactive contacts included).
- Requests belong to the requesting organisation; its members with case.read see them
  and the answered ones as knowledge, whether or not they see the linked case. The case
  link itself is shown only to those who see the case (request_case_link).
- Virtual counselling hangs off a counselling session and is scoped by its case.
"""

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from apps.accounts.selectors import organisation_ids_with, user_has_perm
from apps.audit.services import record
from apps.cases.models import Case
from apps.cases.selectors import cases_visible_to
from apps.clients.models import Consent, HouseholdMember, Person
from apps.countryinfo.models import (
    CountryInformationRequest,
    OriginCountryContact,
    OriginPartnerConsent,
    VirtualCounselling,
)

# --- Contacts --------------------------------------------------------------------------------


@dataclass
class ContactFilters:
    country: str = ""
    language: str = ""
    channel: str = ""


def contacts_visible_to(user) -> QuerySet[OriginCountryContact]:
    """Active contacts for users with case.read anywhere; nothing for anybody else."""
    if not user_has_perm(user, "case.read"):
        return OriginCountryContact.objects.none()
    return OriginCountryContact.objects.filter(is_active=True)


def contacts_managed_by(user) -> QuerySet[OriginCountryContact]:
    """All contacts, inactive ones too, for users with directory.manage anywhere."""
    if not user_has_perm(user, "directory.manage"):
        return OriginCountryContact.objects.none()
    return OriginCountryContact.objects.all()


def filter_contacts(contacts: QuerySet[OriginCountryContact], filters: ContactFilters) -> QuerySet:
    if filters.country:
        contacts = contacts.filter(country=filters.country.upper())
    # JSON lists are matched on their text ('"fa"'), which works on SQLite and PostgreSQL alike.
    if filters.language:
        contacts = contacts.filter(languages__icontains=f'"{filters.language.lower()}"')
    if filters.channel:
        contacts = contacts.filter(channels__icontains=f'"{filters.channel.lower()}"')
    return contacts.order_by("country", "organisation_name", "id")


def search_contacts(user, filters: ContactFilters) -> QuerySet[OriginCountryContact]:
    return filter_contacts(contacts_visible_to(user), filters)


def contact_for(user, pk: int) -> OriginCountryContact:
    return get_object_or_404(contacts_visible_to(user), pk=pk)


def managed_contact_for(user, pk: int) -> OriginCountryContact:
    return get_object_or_404(contacts_managed_by(user), pk=pk)


def contacts_for_case(case: Case) -> QuerySet[OriginCountryContact]:
    """Active contacts in the case's intended country of return or the principal's nationalities."""
    codes = set()
    if case.intended_return_country:
        codes.add(case.intended_return_country.code)
    principal = HouseholdMember.objects.filter(household_id=case.household_id, is_principal=True).select_related(
        "person").first()
    if principal:
        codes.update(country.code for country in principal.person.nationalities)
    return OriginCountryContact.objects.filter(is_active=True, country__in=sorted(codes))


# --- Virtual counselling -----------------------------------------------------------------------


def virtual_counselling_visible_to(user) -> QuerySet[VirtualCounselling]:
    return VirtualCounselling.objects.filter(session__case__in=cases_visible_to(user))


def virtual_counselling_for(user, pk: int, *, audit: bool = True) -> VirtualCounselling:
    virtual = get_object_or_404(
        virtual_counselling_visible_to(user).select_related("contact", "session", "session__case",
                                                           "session__case__household", "created_by"),
        pk=pk,
    )
    if audit:
        record(user, "virtual_counselling.viewed", virtual, organisation_id=virtual.session.case.organisation_id,
               case_id=virtual.session.case_id)
    return virtual


def persons_without_consent_to(persons, contact: OriginCountryContact) -> list[Person]:
    """Those of `persons` (in their order) without a valid consent to disclosure that names
    exactly this partner in the country of origin (a consent to another partner, or one
    naming no partner, does not count). One query."""
    persons = list(persons)
    consenting = set(OriginPartnerConsent.objects.filter(
        contact=contact, consent__person__in=persons, consent__withdrawn_at__isnull=True,
        consent__purpose=Consent.Purpose.DISCLOSURE_TO_ORIGIN_PARTNER).values_list("consent__person_id", flat=True))
    return [person for person in persons if person.pk not in consenting]


def participants_without_origin_consent(virtual: VirtualCounselling) -> list[Person]:
    """Participants whose consent to disclosure to this session's partner is no longer valid
    (withdrawn after scheduling): the session stays on record, the page warns."""
    if virtual.status == VirtualCounselling.Status.CANCELLED:
        return []
    return persons_without_consent_to(virtual.session.participants.all(), virtual.contact)


def virtual_counselling_of(case: Case) -> QuerySet[VirtualCounselling]:
    return (VirtualCounselling.objects.filter(session__case=case).select_related("contact", "session")
            .prefetch_related("session__participants"))


# --- Requests and knowledge --------------------------------------------------------------------


def requests_visible_to(user) -> QuerySet[CountryInformationRequest]:
    return CountryInformationRequest.objects.filter(organisation_id__in=organisation_ids_with(user, "case.read"))


def request_for(user, pk: int, *, audit: bool = True) -> CountryInformationRequest:
    request = get_object_or_404(requests_visible_to(user).select_related("recipient", "created_by"), pk=pk)
    if audit:
        record(user, "country_request.viewed", request)
    return request


def request_case_link(user, request: CountryInformationRequest) -> Case | None:
    """The linked case, only for users who see it anyway."""
    if request.case_id is None:
        return None
    return cases_visible_to(user).filter(pk=request.case_id).first()


def requests_of(case: Case) -> QuerySet[CountryInformationRequest]:
    return case.country_information_requests.select_related("recipient").order_by("-created_at", "-id")


@dataclass
class KnowledgeFilters:
    query: str = ""
    country: str = ""
    topic: str = ""


KNOWLEDGE_FIELDS = ("id", "organisation_id", "country", "topic", "question", "answer", "answered_on")


def knowledge(user, filters: KnowledgeFilters) -> QuerySet[CountryInformationRequest]:
    """Answered requests of the user's organisations, newest answer first. Only the
    anonymised fields are loaded: never the case, never the author."""
    answered = requests_visible_to(user).filter(status=CountryInformationRequest.Status.ANSWERED)
    if filters.country:
        answered = answered.filter(country=filters.country.upper())
    if filters.topic:
        answered = answered.filter(topic=filters.topic)
    for word in filters.query.split()[:8]:
        answered = answered.filter(Q(question__icontains=word) | Q(answer__icontains=word))
    return answered.only(*KNOWLEDGE_FIELDS).order_by("-answered_on", "-id")
