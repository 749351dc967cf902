"""Fixtures of the country-information tests."""

import pytest
from django.utils import timezone

from apps.clients import services as client_services
from apps.clients.models import Consent
from apps.countryinfo import services
from apps.countryinfo.models import OriginCountryContact


@pytest.fixture
def contact(personas):
    return services.contact_create(actor=personas.coordinator, data={
        "country": "AF", "organisation_name": "IOM Kabul (fiktiv)", "languages": ["fa", "ps"],
        "channels": ["video", "whatsapp"], "hours": "Sun–Thu 8:30–15:30 (UTC+4:30)"})


@pytest.fixture
def principal(iom_case):
    return iom_case.household.members.get(is_principal=True).person


def give_origin_consent(actor, person, contact=None):
    """A consent to disclosure naming the partner `contact` (default: the one test contact)."""
    contact = contact or OriginCountryContact.objects.order_by("id").first()
    return client_services.consent_record(actor=actor, person=person, data={
        "purpose": Consent.Purpose.DISCLOSURE_TO_ORIGIN_PARTNER, "form": "written", "language": "fa"},
        recipient_key=contact.pk)


@pytest.fixture
def virtual(personas, iom_case, contact, principal):
    give_origin_consent(personas.counsellor, principal)
    return services.virtual_counselling_schedule(
        actor=personas.counsellor, case=iom_case, contact=contact, participants=[principal], language="fa",
        scheduled_for=timezone.now() + timezone.timedelta(days=2))


def ask(actor, case, question="Is insulin available in Herat?", **data):
    return services.request_create(actor=actor, organisation=case.organisation, case=case, data={
        "country": "AF", "topic": "medical_care", "question": question, **data})


def answered(actor, case, question="Is insulin available in Herat?", answer="Yes, in larger pharmacies.",
             **data):
    request = ask(actor, case, question, **data)
    return services.request_answer(actor=actor, request=request, expected_version=request.version, answer=answer)
