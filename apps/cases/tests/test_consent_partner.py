"""A consent to disclosure to a partner in the country of origin names that partner: the
directory's contacts are selectable recipients on the consent form (registered by countryinfo)."""

import pytest
from django.urls import reverse

from apps.audit.models import AuditEntry
from apps.clients.models import Consent
from apps.countryinfo.models import OriginCountryContact, OriginPartnerConsent

pytestmark = pytest.mark.django_db
PURPOSE = Consent.Purpose.DISCLOSURE_TO_ORIGIN_PARTNER


def test_the_consent_form_names_the_partner_in_the_country_of_origin(client, personas, iom_case):
    kabul = OriginCountryContact.objects.create(country="AF", organisation_name="IOM Kabul (fiktiv)")
    OriginCountryContact.objects.create(country="IQ", organisation_name="Alt (fiktiv)", is_active=False)
    person = iom_case.household.members.get().person
    client.force_login(personas.counsellor)
    url = reverse("cases:consent_add", args=[iom_case.pk])
    form = client.get(url).content.decode()
    field = f"recipient_for_{PURPOSE}"
    assert f'name="{field}"' in form and "IOM Kabul (fiktiv)" in form and "Alt (fiktiv)" not in form
    data = {"person": person.pk, "purpose": PURPOSE, "given_at": "2026-11-02T10:00", "form": "written",
            "language": "fa"}
    refused = client.post(url, data)  # neither an organisation nor a partner: the partner is asked for
    assert refused.status_code == 200 and "Name the recipient the client agreed to." in refused.content.decode()
    assert not Consent.objects.exists()
    assert client.post(url, data | {field: "999999"}).status_code == 200  # not a choice
    response = client.post(url, data | {field: str(kabul.pk)})
    assert response.status_code == 302
    consent = Consent.objects.get()
    assert consent.recipient is None and OriginPartnerConsent.objects.get(consent=consent).contact == kabul
    assert AuditEntry.objects.get(action="consent.recipient_named").details == {"origin_contact_id": kabul.pk}
    table = client.get(reverse("cases:consents", args=[iom_case.pk])).content.decode()
    assert "<td>IOM Kabul (fiktiv) (Afghanistan)</td>" in table


def test_a_partner_chosen_for_another_purpose_is_not_stored(client, personas, orgs, iom_case):
    kabul = OriginCountryContact.objects.create(country="AF", organisation_name="IOM Kabul (fiktiv)")
    person = iom_case.household.members.get().person
    client.force_login(personas.counsellor)
    response = client.post(reverse("cases:consent_add", args=[iom_case.pk]), {
        "person": person.pk, "purpose": Consent.Purpose.DISCLOSURE_TO_AUTHORITY, "recipient": orgs.authority.pk,
        "given_at": "2026-11-02T10:00", "form": "written", "language": "fa", f"recipient_for_{PURPOSE}": kabul.pk})
    assert response.status_code == 302
    assert Consent.objects.get().recipient == orgs.authority and not OriginPartnerConsent.objects.exists()
