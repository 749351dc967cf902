"""Fixtures of the reintegration tests."""

import pytest

from apps.clients import services as client_services
from apps.clients.models import Consent
from apps.countryinfo.models import OriginCountryContact
from apps.reintegration import services
from apps.reintegration.models import ReintegrationPlan


@pytest.fixture
def principal(iom_case):
    return iom_case.household.members.get(is_principal=True).person


@pytest.fixture
def plan(personas, iom_case):
    return services.plan_create(actor=personas.counsellor, case=iom_case, partner_in_origin="IOM Kabul (fiktiv)")


@pytest.fixture
def full_plan(personas, plan):
    """A plan with one goal per dimension and budgeted activities."""
    economic = services.goal_add(actor=personas.counsellor, plan=plan, expected_version=plan.version,
                                 dimension="economic", goal="Open a small tailoring shop")
    services.activity_add(actor=personas.counsellor, goal=economic, expected_version=plan.version, data={
        "activity": "Buy two sewing machines", "responsible": "IOM Kabul", "budget_amount": "1200.00",
        "budget_kind": "in_kind", "funding_source": "REAG/GARP Starthilfe"})
    services.activity_add(actor=personas.counsellor, goal=economic, expected_version=plan.version, data={
        "activity": "Rent for three months", "budget_amount": "300.00", "budget_kind": "cash"})
    social = services.goal_add(actor=personas.counsellor, plan=plan, expected_version=plan.version,
                               dimension="social", goal="Enrol the children in school")
    services.activity_add(actor=personas.counsellor, goal=social, expected_version=plan.version, data={
        "activity": "School fees", "budget_amount": "150.00", "budget_kind": "cash"})
    plan.refresh_from_db()
    return plan


@pytest.fixture
def origin_contact(plan):
    """The plan's partner, from the directory (a consent can name only such a partner)."""
    contact = OriginCountryContact.objects.create(country="AF", organisation_name="IOM Kabul (fiktiv)")
    ReintegrationPlan.objects.filter(pk=plan.pk).update(partner_contact=contact)
    plan.partner_contact = contact
    return contact


@pytest.fixture
def origin_consent(personas, principal, origin_contact):
    return client_services.consent_record(actor=personas.counsellor, person=principal, data={
        "purpose": Consent.Purpose.DISCLOSURE_TO_ORIGIN_PARTNER, "form": "written", "language": "fa"},
        recipient_key=origin_contact.pk)
