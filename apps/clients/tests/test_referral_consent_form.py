"""A consent to a referral, like one to a disclosure, names the one recipient agreed to."""

import pytest

from apps.clients.forms import ConsentForm
from apps.clients.models import Person

pytestmark = pytest.mark.django_db


def form(iom_case, **data):
    person = iom_case.household.members.get().person
    return ConsentForm({"person": person.pk, "given_at": "2026-01-10T10:00", "form": "oral", "language": "fa",
                        **data}, persons=Person.objects.filter(pk=person.pk))


def test_a_referral_consent_without_recipient_is_refused(iom_case):
    consent_form = form(iom_case, purpose="referral")
    assert not consent_form.is_valid()
    assert consent_form.errors["recipient"] == ["A referral needs the service provider the client agreed to."]


def test_a_referral_consent_naming_the_provider_is_accepted(iom_case, orgs):
    assert form(iom_case, purpose="referral", recipient=orgs.partner.pk).is_valid()


def test_disclosures_still_need_a_recipient_and_counselling_does_not(iom_case):
    disclosure = form(iom_case, purpose="disclosure_to_authority")
    assert not disclosure.is_valid()
    assert disclosure.errors["recipient"] == ["A disclosure needs the recipient the client agreed to."]
    assert form(iom_case, purpose="counselling").is_valid()
