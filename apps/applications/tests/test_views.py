import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.applications.models import Application
from apps.applications.models import ApplicationStatus as A
from apps.audit.models import AuditEntry

from .conftest import advance, complete_checklist, make_version


def test_case_tab_lists_applications_with_checklist(client, personas, application):
    client.force_login(personas.counsellor)
    response = client.get(reverse("applications:case_application", args=[application.case_id]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "REAG/GARP 2.0 (Test)" in body and "Draft" in body and "✗" in body
    assert "Mark ready" in body and "New application" in body
    assert "unverified" in body
    assert AuditEntry.objects.filter(action="application.list_viewed").exists()


def test_counsellor_creates_an_application(client, personas, family, programme_version):
    client.force_login(personas.counsellor)
    url = reverse("applications:create", args=[family.case.pk])
    assert "Save application" in client.get(url).content.decode()
    response = client.post(url, {"programme_version": programme_version.pk,
                                 "members": [p.pk for p in family.members],
                                 "prioritisation_reasons": ["imminent_homelessness"]})
    application = Application.objects.get()
    assert response.status_code == 302 and response.url == reverse("applications:detail", args=[application.pk])
    assert application.prioritisation_reasons == ["imminent_homelessness"]


def test_create_keeps_input_on_errors(client, personas, family, programme_version):
    client.force_login(personas.counsellor)
    response = client.post(reverse("applications:create", args=[family.case.pk]),
                           {"programme_version": programme_version.pk, "prioritisation_reasons": ["pregnancy_week_20"]})
    assert response.status_code == 200
    assert re.search(r'value="pregnancy_week_20"[^>]*checked', response.content.decode())
    assert not Application.objects.exists()


def test_declaration_and_travel_document_forms(client, personas, application, family):
    client.force_login(personas.counsellor)
    today = timezone.localdate()
    response = client.post(reverse("applications:declaration", args=[application.pk]),
                           {"declaration-person": family.principal.pk, "declaration-signed_on": today.isoformat()})
    assert response.status_code == 302
    response = client.post(reverse("applications:travel_document", args=[application.pk]),
                           {"document-person": family.child.pk, "document-kind": "passport"})
    assert response.status_code == 200
    assert "Give the date until which the document is valid." in response.content.decode()
    response = client.post(reverse("applications:travel_document", args=[application.pk]),
                           {"document-person": family.child.pk, "document-kind": "passport",
                            "document-expires_on": (today + timedelta(days=300)).isoformat()})
    assert response.status_code == 302
    assert application.declarations.count() == 1 and application.travel_documents.count() == 1


def test_buttons_walk_the_application_to_departed(client, personas, orgs, application, family):
    from .conftest import record_gub

    actor = personas.counsellor
    complete_checklist(actor, application, family)
    client.force_login(actor)
    url = reverse("applications:transition", args=[application.pk])
    application.refresh_from_db()
    assert client.post(url, {"to": "ready", "version": application.version}).status_code == 302
    page = client.get(url + "?to=submitted").content.decode()
    assert "Record submission" in page
    application.refresh_from_db()
    response = client.post(url, {"to": "submitted", "version": application.version,
                                 "submitted_on": timezone.localdate().isoformat(), "submission_reference": "OAM-1"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == A.SUBMITTED and application.submission_reference == "OAM-1"
    client.post(url, {"to": "approved", "version": application.version, "decision_on": timezone.localdate()})
    response = client.post(reverse("applications:travel", args=[application.pk]), {
        "departure_date": timezone.localdate().isoformat(), "airport": "FRA", "connection": "TK 1590",
        "needs": ["wheelchair"], "documents_checked": ["travel_documents", "gub", "tickets"]})
    assert response.status_code == 302
    application.refresh_from_db()
    response = client.post(url, {"to": "travel_booked", "version": application.version}, follow=True)
    assert "GÜB" in response.content.decode()
    record_gub(orgs.authority, personas.authority, family.case, family.members)
    client.post(url, {"to": "travel_booked", "version": application.version})
    application.refresh_from_db()
    assert application.status == A.TRAVEL_BOOKED
    sheet = client.get(reverse("applications:travel_sheet", args=[application.pk])).content.decode()
    assert "TK 1590" in sheet and "Sara" in sheet
    response = client.post(url, {"to": "departed", "version": application.version,
                                 "departed_on": timezone.localdate().isoformat(), "departure_note": "Bordkarte"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == A.DEPARTED


def test_stale_transition_keeps_the_form(client, personas, application, family):
    complete_checklist(personas.counsellor, application, family)
    advance(personas.counsellor, application, A.READY)
    client.force_login(personas.counsellor)
    response = client.post(reverse("applications:transition", args=[application.pk]), {
        "to": "submitted", "version": 1, "submitted_on": timezone.localdate().isoformat(),
        "submission_reference": "KEEP-ME"})
    assert response.status_code == 200
    assert "KEEP-ME" in response.content.decode() and "Someone else" in response.content.decode()


def test_export_and_summary(client, personas, application):
    client.force_login(personas.counsellor)
    response = client.get(reverse("applications:export", args=[application.pk]))
    assert response["Content-Type"] == "application/json"
    assert response.json()["programme"] == "REAG/GARP 2.0 (Test)"
    summary = client.get(reverse("applications:summary", args=[application.pk])).content.decode()
    assert "Hosseini" in summary and "online application module" in summary
    assert AuditEntry.objects.filter(action="application.exported").count() == 2


def test_other_organisations_get_404(client, personas, application):
    for persona in (personas.diakonie_counsellor,):
        client.force_login(persona)
        assert client.get(reverse("applications:detail", args=[application.pk])).status_code == 404
    client.force_login(personas.authority)
    assert client.get(reverse("applications:detail", args=[application.pk])).status_code == 403


def test_overview_shows_prioritisation_for_the_team_lead(client, personas, application):
    application.prioritisation_reasons = ["dublin_transfer_date"]
    application.save()
    client.force_login(personas.team_lead)
    body = client.get(reverse("applications:overview")).content.decode()
    assert "Dublin case with known transfer date" in body and application.case.reference in body
    client.force_login(personas.counsellor)
    assert client.get(reverse("applications:overview")).status_code == 403


@pytest.mark.parametrize("view", ["overview", "case_application"])
def test_list_queries_do_not_grow_with_rows(client, personas, family, programme_version,
                                            django_assert_max_num_queries, view):
    from apps.applications import services

    def make():
        services.application_create(actor=personas.counsellor, case=family.case, programme_version=programme_version,
                                    members=family.members, data={"prioritisation_reasons": ["pregnancy_week_20"]})

    url = reverse("applications:overview") if view == "overview" else reverse(
        "applications:case_application", args=[family.case.pk])
    client.force_login(personas.team_lead)
    make()
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(4):
        make()
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(url)


def test_version_dropdown_offers_current_versions(client, personas, family, programme_version):
    make_version(code="old", label="expired 2019 version", valid_from=date(2019, 1, 1), valid_to=date(2019, 12, 31))
    client.force_login(personas.counsellor)
    body = client.get(reverse("applications:create", args=[family.case.pk])).content.decode()
    assert "2025 (test)" in body and "expired 2019 version" not in body


def test_health_data_hidden_from_users_without_sensitive_read(client, personas, application):
    from apps.applications import services as app_services

    app_services.travel_save(actor=personas.counsellor, application=application,
                             data={"needs": ["medical_escort"], "needs_note": "Dialyse 3x/Woche"})
    application.refresh_from_db()
    app_services.application_update(actor=personas.counsellor, application=application,
                                    expected_version=application.version,
                                    data={"prioritisation_reasons": ["pregnancy_week_20", "imminent_homelessness"]})
    client.force_login(personas.hotline)
    pages = [client.get(reverse(name, args=[application.pk])).content.decode()
             for name in ("applications:detail", "applications:export", "applications:summary",
                          "applications:travel_sheet", "applications:travel", "applications:edit")]
    pages.append(client.get(reverse("applications:case_application", args=[application.case_id])).content.decode())
    for page in pages:
        assert "Dialyse" not in page and "medical_escort" not in page and "Medical escort" not in page
        assert "pregnancy_week_20" not in page and "Pregnancy" not in page
    assert "imminent_homelessness" in pages[1]
    client.force_login(personas.counsellor)
    detail = client.get(reverse("applications:detail", args=[application.pk])).content.decode()
    assert "Medical escort" in detail and "Pregnancy" in detail


def test_health_data_cannot_be_set_or_lost_by_users_without_sensitive_read(client, personas, application):
    from django.core.exceptions import ValidationError

    from apps.applications import services as app_services

    app_services.travel_save(actor=personas.counsellor, application=application,
                             data={"needs": ["wheelchair"], "needs_note": "Rollstuhl"})
    application.refresh_from_db()
    app_services.application_update(actor=personas.counsellor, application=application,
                                    expected_version=application.version,
                                    data={"prioritisation_reasons": ["pregnancy_week_20"]})
    with pytest.raises(ValidationError, match="sensitive data"):
        app_services.travel_save(actor=personas.hotline, application=application, data={"needs": ["wheelchair"]})
    application.refresh_from_db()
    with pytest.raises(ValidationError, match="sensitive data"):
        app_services.application_update(actor=personas.hotline, application=application,
                                        expected_version=application.version,
                                        data={"prioritisation_reasons": ["pregnancy_week_20"]})
    # Saving the forms (which lack the hidden data) keeps what is stored.
    client.force_login(personas.hotline)
    travel = application.travel
    response = client.post(reverse("applications:travel", args=[application.pk]), {
        "airport": "FRA", "version": travel.version})
    assert response.status_code == 302
    application.refresh_from_db()
    response = client.post(reverse("applications:edit", args=[application.pk]), {
        "members": [p.pk for p in application.members.all()], "prioritisation_reasons": ["imminent_homelessness"],
        "version": application.version})
    assert response.status_code == 302
    application.refresh_from_db()
    application.travel.refresh_from_db()
    assert application.travel.needs == ["wheelchair"] and application.travel.needs_note == "Rollstuhl"
    assert application.travel.airport == "FRA"
    assert set(application.prioritisation_reasons) == {"pregnancy_week_20", "imminent_homelessness"}
