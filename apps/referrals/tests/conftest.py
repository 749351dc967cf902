"""Fixtures of the referrals tests: a directory entry of the partner (Caritas Trier), the
client's consent to a referral there, and referrals of the IOM case."""

import pytest

from apps.clients import services as client_services
from apps.clients.models import Consent
from apps.referrals import services
from apps.referrals.models import ServiceType
from apps.referrals.service_types import ensure_service_types


@pytest.fixture
def service_types(db):
    ensure_service_types()
    return {t.code: t for t in ServiceType.objects.all()}


@pytest.fixture
def make_service(personas, orgs, service_types):
    def make(name="Rechtsberatung Trier (fiktiv)", provider=None, types=("legal_advice",), districts=(), **data):
        return services.service_create(
            actor=personas.network_admin, provider=provider or orgs.partner,
            data={"name": name, **data}, service_types=[service_types[t] for t in types], districts=districts,
        )
    return make


@pytest.fixture
def legal_service(make_service):
    return make_service(street="Musterweg 1", postcode="54290", city="Trier", languages=["de", "fa"])


@pytest.fixture
def principal(iom_case):
    return iom_case.household.members.get(is_principal=True).person


@pytest.fixture
def referral_consent(personas, orgs, principal):
    return client_services.consent_record(actor=personas.counsellor, person=principal, data={
        "purpose": Consent.Purpose.REFERRAL, "recipient": orgs.partner, "form": "written", "language": "fa"})


@pytest.fixture
def make_referral(personas, iom_case, principal, legal_service):
    def make(shared_fields=("name", "phone", "reason"), service=None, case=None, person=None,
             reason="Needs advice on a pending appeal"):
        return services.referral_create(actor=personas.counsellor, case=case or iom_case,
                                        service=service or legal_service, person=person or principal,
                                        reason=reason, shared_fields=list(shared_fields))
    return make


@pytest.fixture
def sent_referral(personas, make_referral, referral_consent):
    return services.referral_send(actor=personas.counsellor, referral=make_referral())


@pytest.fixture
def trauma_service(make_service):
    """A service of a sensitive type (psychosocial / trauma), offered by the same partner."""
    return make_service("Psychosoziales Zentrum (fiktiv)", types=("psychosocial",))


@pytest.fixture
def sensitive_referral(personas, make_referral, referral_consent, trauma_service):
    return services.referral_send(actor=personas.counsellor, referral=make_referral(service=trauma_service))
