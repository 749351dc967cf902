"""The handover checks the exact recipient: the consent must name the plan's partner from the
directory, not merely be a consent to "a partner in the country of origin"."""

import pytest
from django.core.exceptions import ValidationError

from apps.clients import services as client_services
from apps.clients.models import Consent
from apps.countryinfo.models import OriginCountryContact
from apps.reintegration import selectors, services
from apps.reintegration.models import ReintegrationPlan

pytestmark = pytest.mark.django_db


def _consent(personas, person, contact=None):
    return client_services.consent_record(actor=personas.counsellor, person=person, data={
        "purpose": Consent.Purpose.DISCLOSURE_TO_ORIGIN_PARTNER, "form": "written", "language": "fa"},
        recipient_key=contact.pk if contact else None)


def test_a_consent_to_another_partner_or_to_none_does_not_allow_the_handover(personas, full_plan, principal,
                                                                            origin_contact):
    other = OriginCountryContact.objects.create(country="AF", organisation_name="Reintegrationsbüro Herat (fiktiv)")
    _consent(personas, principal)  # names no partner (recorded before partners could be named)
    _consent(personas, principal, other)
    assert selectors.handover_consent(full_plan) is None
    with pytest.raises(ValidationError, match="IOM Kabul"):
        services.handover_create(actor=personas.counsellor, plan=full_plan, fields=["plan"])
    right = _consent(personas, principal, origin_contact)
    assert selectors.handover_consent(full_plan) == right
    assert services.handover_create(actor=personas.counsellor, plan=full_plan, fields=["plan"]).consent == right


def test_a_plan_whose_partner_is_only_a_free_text_cannot_be_handed_over(personas, full_plan, principal,
                                                                       origin_consent):
    ReintegrationPlan.objects.filter(pk=full_plan.pk).update(partner_contact=None)
    full_plan.refresh_from_db()
    assert selectors.handover_consent(full_plan) is None
    with pytest.raises(ValidationError):
        services.handover_create(actor=personas.counsellor, plan=full_plan, fields=["plan"])
