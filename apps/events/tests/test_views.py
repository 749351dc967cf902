"""The back-office pages of events with real personas: organisers create, publish, keep the
attendance list, download certificates and read feedback; network users register themselves;
outsiders get 403/404; the certificate is a real PDF with the name and the title."""

import io
from datetime import timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from apps.audit.models import AuditEntry
from apps.events import services
from apps.events.models import Event, Registration
from apps.events.tests.helpers import BASE, make_event, register_public

pytestmark = pytest.mark.django_db
S = Registration.Status
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def event(personas, orgs):
    return make_event(personas.coordinator, orgs.diakonie, capacity=1)


def test_the_coordinator_creates_an_event_as_a_draft_and_publishes_it(client, personas):
    client.force_login(personas.coordinator)
    start = (timezone.localtime() + timedelta(days=20)).replace(hour=10, minute=0)
    data = {"title": "Infoveranstaltung Rückkehr", "kind": "information", "format": "in_person",
            "target_group": "authorities", "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + timedelta(hours=4)).strftime("%Y-%m-%dT%H:%M"), "place": "Mainz",
            "capacity": "30"}
    response = client.post(reverse("events:create"), data)
    event = Event.objects.get()
    assert response.status_code == 302 and event.status == Event.Status.DRAFT
    assert timezone.localtime(event.starts_at).hour == 10  # typed in German time
    page = client.get(reverse("events:manage", args=[event.pk])).content.decode()
    assert event.public_token in page
    client.post(reverse("events:status", args=[event.pk]), {"status": "published"})
    assert Event.objects.get().status == Event.Status.PUBLISHED


def test_a_wrong_form_keeps_what_was_typed_and_says_why(client, personas):
    client.force_login(personas.coordinator)
    response = client.post(reverse("events:create"), {
        "title": "Fachtag", "kind": "conference", "format": "online", "target_group": "network",
        "starts_at": "2030-05-02T10:00", "ends_at": "2030-05-02T09:00", "capacity": "0"})
    page = response.content.decode()
    assert response.status_code == 200 and not Event.objects.exists()
    assert 'value="Fachtag"' in page and "2030-05-02T10:00" in page


def test_network_users_register_themselves_and_see_the_link_once_confirmed(client, personas, event):
    client.force_login(personas.authority)
    page = client.get(reverse("events:detail", args=[event.pk])).content.decode()
    assert event.online_link not in page and personas.authority.email in page
    client.post(reverse("events:register", args=[event.pk]), {"consent": "on"})
    mine = Registration.objects.get(user=personas.authority)
    assert mine.status == S.CONFIRMED and mine.language == "en"
    assert event.online_link in client.get(reverse("events:detail", args=[event.pk])).content.decode()
    client.force_login(personas.partner)
    client.post(reverse("events:register", args=[event.pk]), {"consent": "on"})
    assert Registration.objects.get(user=personas.partner).status == S.WAITING
    page = client.get(reverse("events:detail", args=[event.pk])).content.decode()
    assert event.online_link not in page and "number 1 on the waiting list" in page
    client.force_login(personas.authority)
    client.post(reverse("events:cancel_mine", args=[event.pk]))
    assert Registration.objects.get(user=personas.partner).status == S.CONFIRMED


def test_registration_without_consent_is_refused(client, personas, event):
    client.force_login(personas.partner)
    response = client.post(reverse("events:register", args=[event.pk]), {}, follow=True)
    assert not Registration.objects.exists()
    assert "Please agree" in response.content.decode()


def test_outsiders_do_not_reach_the_organisers_pages(client, personas, event):
    client.force_login(personas.statistics)
    assert client.get(reverse("events:list")).status_code == 403
    assert client.get(reverse("events:manage", args=[event.pk])).status_code == 403
    client.force_login(personas.network_admin)  # organises, but for another organisation
    assert client.get(reverse("events:manage", args=[event.pk])).status_code == 404
    draft = make_event(personas.coordinator, event.organisation, publish=False)
    client.force_login(personas.partner)
    assert client.get(reverse("events:detail", args=[draft.pk])).status_code == 404
    assert client.get(reverse("events:detail", args=[event.pk])).status_code == 200


def test_the_organiser_sees_accessibility_needs_and_the_reading_is_audited(client, personas, event):
    register_public(event, 1, accessibility_needs="Rollstuhlgerechter Zugang")
    client.force_login(personas.coordinator)
    page = client.get(reverse("events:manage", args=[event.pk])).content.decode()
    assert "Rollstuhlgerechter Zugang" in page
    assert AuditEntry.objects.filter(action="event.registrations_viewed", actor=personas.coordinator).exists()
    client.force_login(personas.partner)
    assert "Rollstuhlgerechter" not in client.get(reverse("events:detail", args=[event.pk])).content.decode()


def test_attendance_list_export_certificate_and_feedback(client, personas, orgs):
    event = make_event(personas.coordinator, orgs.diakonie, capacity=5, title="Schulung Rückkehrrecht")
    came, _token = register_public(event, 1, name="Maria Muster")
    absent, _token = register_public(event, 2, name="Otto Fern")
    services.registration_create_for_user(actor=personas.authority, event=event, consent=True, base_url=BASE)
    with time_machine.travel(event.ends_at + timedelta(hours=1), tick=False):
        client.force_login(personas.coordinator)  # signed in then: sessions time out
        page = client.get(reverse("events:attendance", args=[event.pk])).content.decode()
        assert f'name="r{came.pk}"' in page and 'type="radio"' in page
        mine = Registration.objects.get(user=personas.authority)
        client.post(reverse("events:attendance", args=[event.pk]),
                    {f"r{came.pk}": "attended", f"r{absent.pk}": "no_show", f"r{mine.pk}": "attended"})
        assert Registration.objects.get(pk=came.pk).status == S.ATTENDED
        assert Registration.objects.get(pk=absent.pk).status == S.NO_SHOW

        csv = client.get(reverse("events:attendance_export", args=[event.pk])).content.decode("utf-8-sig")
        assert "Maria Muster" in csv and "Attended" in csv
        xlsx = client.get(reverse("events:attendance_export", args=[event.pk]) + "?format=xlsx")
        rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
        assert any(row[0] == "Maria Muster" for row in rows)

        response = client.get(reverse("events:certificate", args=[event.pk, came.pk]))
        assert response["Content-Type"] == "application/pdf"
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
        assert "Teilnahmebescheinigung" in text and "Maria Muster" in text and "Schulung Rückkehrrecht" in text
        assert "Diakonie Kompetenzzentrum" in text and "3 Zeitstunden" in text
        assert AuditEntry.objects.filter(action="event.certificate_issued").count() == 1
        assert client.get(reverse("events:certificate", args=[event.pk, absent.pk])).status_code == 302

        client.force_login(personas.authority)
        detail = client.get(reverse("events:detail", args=[event.pk])).content.decode()
        assert reverse("events:feedback", args=[event.pk]) in detail
        mine_pdf = client.get(reverse("events:my_certificate", args=[event.pk]))
        assert mine_pdf["Content-Type"] == "application/pdf"
        client.post(reverse("events:feedback", args=[event.pk]), {"overall": "5", "usefulness": "4",
                                                                  "comment": "Praxisnah"})
        services.feedback_submit(registration=Registration.objects.get(pk=came.pk), overall=3, usefulness=2)

        client.force_login(personas.coordinator)
        results = client.get(reverse("events:feedback_results", args=[event.pk])).content.decode()
    assert "2 answers" in results and "Praxisnah" in results
    assert "4.0" in results or "4,0" in results  # the overall average (5 + 3) / 2
    assert personas.authority.full_name not in results and "Maria Muster" not in results


def test_materials_are_stored_encrypted_and_downloaded_by_network_users(client, personas, event):
    client.force_login(personas.coordinator)
    client.post(reverse("events:material_upload", args=[event.pk]),
                {"title": "Folien", "file": SimpleUploadedFile("folien.pdf", PDF)})
    material = event.materials.get()
    assert PDF not in bytes(material.data)
    client.force_login(personas.partner)
    response = client.get(reverse("events:material", args=[event.pk, material.pk]))
    assert response.status_code == 200 and response.content == PDF
    client.force_login(personas.coordinator)
    client.post(reverse("events:material_upload", args=[event.pk]),
                {"title": "Kein PDF", "file": SimpleUploadedFile("x.pdf", b"just text")}, follow=True)
    assert event.materials.count() == 1
