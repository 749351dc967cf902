"""The data protection officer's register of data that left the organisation
(apps.disclosures.views_dpo): scope, filters, words, audit; plan hand-overs through the hook."""

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.audit.models import AuditEntry
from apps.clients.models import Consent
from apps.disclosures import services
from apps.reintegration.models import Handover, ReintegrationPlan
from tests.factories import member

from .conftest import login


@pytest.fixture(autouse=True)
def _clock(fixed_clock):
    """Periods count back from "now": a fixed moment (conftest.FIXED_MOMENT), not the day of the run."""

URL = reverse("disclosures:dpo_register")


def test_the_dpo_sees_every_disclosure_of_the_organisation_in_words(client, personas, disclosure, principal,
                                                                    make_document):
    response = login(client, personas.iom_dpo).get(URL)

    assert response.status_code == 200
    [row] = response.context["rows"]
    assert row["disclosure"] == disclosure and str(row["status"]) == "active"
    page = response.content.decode()
    for words in ("Ausländerbehörde Trier", disclosure.case.reference, "Border crossing certificate (GÜB)",
                  "Disclosure to an authority", "written", "Name", "Nationalities"):
        assert words in page, words
    assert principal.family_name not in page  # references, never the client's name
    entry = AuditEntry.objects.filter(action="disclosure.dpo_register_viewed").get()
    assert entry.actor == personas.iom_dpo and entry.details["shown"] == 1


def test_filters_by_status_recipient_and_period(client, personas, orgs, make_disclosure):
    kept, revoked = make_disclosure(), make_disclosure(fields=("name",))
    services.disclosure_revoke(actor=personas.counsellor, disclosure=revoked, expected_version=revoked.version)
    login(client, personas.iom_dpo)

    def shown(**query):
        return [row["disclosure"] for row in client.get(URL, query).context["rows"]]

    assert shown(status="revoked") == [revoked]
    assert shown(status="active") == [kept]
    assert set(shown(recipient=orgs.authority.pk)) == {kept, revoked}
    assert shown(date_from="2000-01-01", date_to="2000-01-02") == []
    assert AuditEntry.objects.filter(action="disclosure.dpo_register_viewed",
                                     details__filters__status="revoked").exists()


def test_bad_filters_are_errors_on_the_page_and_nothing_is_read(client, personas, disclosure):
    response = login(client, personas.iom_dpo).get(URL, {"date_from": "2026-05-02", "date_to": "2026-05-01",
                                                         "recipient": "999999"})
    assert response.status_code == 200 and response.context["page"] is None
    assert set(response.context["form"].errors) == {"date_to", "recipient"}
    assert not AuditEntry.objects.filter(action="disclosure.dpo_register_viewed").exists()


def test_another_organisations_dpo_sees_nothing_and_others_are_refused(client, personas, orgs, disclosure):
    diakonie_dpo = member(orgs.diakonie, "data_protection_officer", email="dpo@diakonie.test")
    assert login(client, diakonie_dpo).get(URL).context["rows"] == []
    for persona in ("counsellor", "iom_admin", "authority"):
        assert login(client, getattr(personas, persona)).get(URL).status_code == 403


def test_plan_hand_overs_are_listed_as_other_hand_overs(client, personas, orgs, iom_case, principal):
    consent = Consent.objects.create(person=principal, organisation=orgs.iom, form="written", language="fa",
                                     purpose=Consent.Purpose.DISCLOSURE_TO_ORIGIN_PARTNER,
                                     recorded_by=personas.counsellor)
    plan = ReintegrationPlan.objects.create(case=iom_case, person=principal, created_by=personas.counsellor)
    Handover.objects.create(plan=plan, partner="Partner Kabul", fields=["name", "plan"], consent=consent,
                            snapshot="{}", created_by=personas.counsellor, created_at=timezone.now())

    response = login(client, personas.iom_dpo).get(URL)
    [line] = response.context["other"]
    assert (line.recipient, line.case_reference, line.data) == ("Partner Kabul", iom_case.reference,
                                                                ["name", "plan (goals and activities)"])
    assert login(client, personas.iom_dpo).get(URL, {"status": "active"}).context["other"] == []


@pytest.mark.parametrize("page", ["2", "x"])
def test_pages_past_the_end_show_the_last_page(client, personas, disclosure, page):
    assert login(client, personas.iom_dpo).get(URL, {"page": page}).status_code == 200
