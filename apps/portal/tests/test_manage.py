"""The back office of the portal's texts: permissions, the table, editing, concurrent edits."""

import pytest
from django.urls import reverse

from apps.audit.models import AuditEntry
from apps.portal.models import AccessibilityFeedback, PortalText
from apps.portal.selectors import feedback_visible_to

pytestmark = pytest.mark.django_db

TEXTS = reverse("portal_manage:texts")


def _edit_url(key, language):
    return reverse("portal_manage:text_edit", args=[key, language])


def test_network_admins_see_the_table_with_missing_marks(client, personas):
    PortalText.objects.create(key="hotline_hours", language="de", value="Mo–Fr 9–15 Uhr")
    client.force_login(personas.network_admin)
    response = client.get(TEXTS)
    assert response.status_code == 200
    html = response.content.decode()
    assert _edit_url("hotline_hours", "ar") in html
    assert _edit_url("hotline_number", "-") in html
    assert "missing" in html


def test_coordinators_may_manage_too(client, personas):
    client.force_login(personas.coordinator)
    assert client.get(TEXTS).status_code == 200


@pytest.mark.parametrize("url", [TEXTS, _edit_url("hotline_hours", "de"), reverse("portal_manage:feedback")])
def test_counsellors_are_refused_and_anonymous_visitors_sent_to_sign_in(client, personas, url):
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(personas.counsellor)
    assert client.get(url).status_code == 403


def test_an_administrator_saves_a_text_audited_and_the_portal_shows_it(client, personas):
    client.force_login(personas.network_admin)
    response = client.post(_edit_url("hotline_hours", "ar"), {"value": "الاثنين–الجمعة ٩–١٥", "version": "0"})
    assert response.status_code == 302
    row = PortalText.objects.get(key="hotline_hours", language="ar")
    assert row.value == "الاثنين–الجمعة ٩–١٥" and row.updated_by == personas.network_admin and row.version == 1
    entry = AuditEntry.objects.get(action="portal.text_changed")
    assert entry.details == {"key": "hotline_hours", "language": "ar"}
    client.logout()
    PortalText.objects.create(key="hotline_number", language="", value="+49 800 000 11 22")
    assert "الاثنين–الجمعة ٩–١٥" in client.get("/ar/").content.decode()


def test_the_edit_form_of_a_right_to_left_language_writes_right_to_left(client, personas):
    client.force_login(personas.network_admin)
    html = client.get(_edit_url("imprint", "fa")).content.decode()
    assert 'lang="fa"' in html and 'dir="rtl"' in html and "<textarea" in html


def test_a_language_independent_text_is_stored_once(client, personas):
    client.force_login(personas.network_admin)
    client.post(_edit_url("hotline_number", "-"), {"value": "+49 800 000 11 22", "version": "0"})
    assert PortalText.objects.get(key="hotline_number").language == ""
    assert client.get(_edit_url("hotline_number", "de")).status_code == 404
    assert client.get(_edit_url("hotline_hours", "-")).status_code == 404
    assert client.get(_edit_url("unknown", "de")).status_code == 404
    assert client.get(_edit_url("hotline_hours", "xx")).status_code == 404


def test_a_concurrent_edit_is_refused_and_keeps_the_input(client, personas):
    client.force_login(personas.network_admin)
    client.post(_edit_url("notice", "de"), {"value": "Erste Fassung", "version": "0"})
    # A second administrator saved meanwhile (version 1 → 2).
    client.post(_edit_url("notice", "de"), {"value": "Zweite Fassung", "version": "1"})
    response = client.post(_edit_url("notice", "de"), {"value": "Meine Fassung", "version": "1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone else has changed this record in the meantime." in html
    assert "Meine Fassung" in html and 'name="version" value="2"' in html
    assert PortalText.objects.get(key="notice", language="de").value == "Zweite Fassung"


def test_a_first_save_racing_another_first_save_is_refused(client, personas):
    PortalText.objects.create(key="imprint", language="de", value="Schon da")
    client.force_login(personas.network_admin)
    response = client.post(_edit_url("imprint", "de"), {"value": "Neu", "version": "0"})
    assert response.status_code == 200
    assert PortalText.objects.get(key="imprint", language="de").value == "Schon da"


def test_the_feedback_list_is_audited(client, personas):
    AccessibilityFeedback.objects.create(message="Kontrast zu schwach", language="sr-latn", email="a@example.org")
    client.force_login(personas.network_admin)
    html = client.get(reverse("portal_manage:feedback"), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Kontrast zu schwach" in html and "a@example.org" in html
    assert "· Serbisch</h2>" in html  # the language by name, never its code
    assert AuditEntry.objects.filter(action="portal.accessibility_feedback_viewed").count() == 1


def test_feedback_is_visible_to_holders_of_portal_manage_only(personas):
    AccessibilityFeedback.objects.create(message="Kontrast zu schwach", language="de")
    assert [f.message for f in feedback_visible_to(personas.network_admin)] == ["Kontrast zu schwach"]
    assert list(feedback_visible_to(personas.counsellor)) == []
