"""The back office's base template and form includes (issue 12 §1): the language switch, the
messages' live region, the error summary and the page title after a failed submit, groups of
checkboxes linked to their error text, the coverage map's name and distinct case page titles.
The browser walk (tests/browser/test_backoffice_walk.py) checks the same pages in Chromium."""

import re

import pytest
from django import forms
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from apps.clients.models import Person


def title_of(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()


def dangling_references(html: str) -> list[str]:
    ids = set(re.findall(r'\sid="([^"]+)"', html))
    refs = [ref for value in re.findall(r'aria-(?:describedby|labelledby)="([^"]*)"', html) for ref in value.split()]
    return [ref for ref in refs if ref not in ids]


@pytest.fixture
def counsellor_client(client, personas):
    client.force_login(personas.counsellor)
    return client


def test_the_language_switch_is_one_button_per_staff_language(counsellor_client):
    html = counsellor_client.get(reverse("cases:home"), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "<select" not in html.split("</header>")[0]  # a select would switch on arrow keys
    assert re.search(r'<button type="submit" name="language" value="de" lang="de" class="link" '
                     r'aria-current="true">Deutsch</button>', html)
    english = re.search(r'<button type="submit" name="language" value="en" lang="en"[^>]*>English</button>', html)
    assert english and "aria-current" not in english.group(0)
    # Without JavaScript: the button posts the form, and the next page is English.
    response = counsellor_client.post(reverse("set_language"), {"language": "en", "next": reverse("cases:home")})
    assert response.status_code == 302
    assert '<html lang="en"' in counsellor_client.get(reverse("cases:home")).content.decode()


def test_messages_are_a_live_region_around_the_list(counsellor_client, iom_case):
    response = counsellor_client.post(reverse("cases:task_create", args=[iom_case.pk]), {"title": "Call"},
                                      follow=True)  # any flash message
    html = response.content.decode()
    assert '<div class="messages-region" role="status">\n    <ul class="messages">' in html
    assert not re.search(r'<ul class="messages"[^>]*role=', html)


def test_a_failed_submit_shows_an_error_summary_linked_to_the_fields(counsellor_client, iom_case):
    url = reverse("cases:session_create", args=[iom_case.pk])
    html = counsellor_client.post(url, {"summary": ""}, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    with translation.override("de"):
        prefix = gettext("Error: ")  # "Fehler: " (from the catalogue, once merged)
    assert '<html lang="de"' in html and title_of(html).startswith(prefix)
    summary = re.search(r'<div class="error-summary" tabindex="-1" data-error-summary[^>]*>(.*?)</div>', html, re.S)
    assert summary, "no error summary"
    links = re.findall(r'<a href="#([\w-]+)">', summary.group(1))
    assert "id_channel" in links and "id_started_at" in links
    assert all(f'id="{target}"' in html for target in links)
    # The summary comes first in the form, before the first field.
    assert html.index("data-error-summary") < html.index('id="id_started_at"')
    assert not dangling_references(html)


def test_the_page_title_has_no_error_prefix_before_a_submit(counsellor_client, iom_case):
    html = counsellor_client.get(reverse("cases:session_create", args=[iom_case.pk]),
                                 HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert not title_of(html).startswith(("Error", "Fehler")) and "data-error-summary" not in html


def test_english_error_title(counsellor_client, iom_case):
    counsellor_client.post(reverse("set_language"), {"language": "en"})
    html = counsellor_client.post(reverse("cases:session_create", args=[iom_case.pk]),
                                  {"summary": ""}).content.decode()
    assert title_of(html).startswith("Error: ")


class GroupForm(forms.Form):
    topics = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.CheckboxSelectMultiple,
                                       help_text="Pick one or more.")
    channel = forms.ChoiceField(choices=[("office", "Office"), ("phone", "Phone")], widget=forms.RadioSelect)


def test_checkbox_and_radio_groups_are_linked_to_their_error_text():
    html = render_to_string("includes/form.html", {"form": GroupForm(data={})})
    assert '<fieldset class="field has-error" aria-describedby="id_topics_helptext id_topics_error">' in html
    assert '<fieldset class="field has-error" aria-describedby="id_channel_error">' in html
    # The summary's links lead to the group's first box.
    assert '<a href="#id_topics_0">' in html and 'id="id_topics_0"' in html
    assert not dangling_references(html)


def test_the_country_request_form_has_no_dangling_references(counsellor_client):
    html = counsellor_client.get(reverse("countryinfo:request_create")).content.decode()
    assert not dangling_references(html)
    html = counsellor_client.post(reverse("countryinfo:request_create"), {"subject": ""}).content.decode()
    assert "data-error-summary" in html and not dangling_references(html)


def test_opening_the_case_for_a_known_person_shows_case_errors_at_the_field(counsellor_client, iom_case):
    person = Person.objects.get(pk=iom_case.household.members.get().person_id)
    response = counsellor_client.post(reverse("cases:create_for_person", args=[person.pk]),
                                      {"case-office": "", "person-family_name": person.family_name})
    html = response.content.decode()
    assert response.status_code == 200 and 'id="id_case-first_contact_source_error"' in html
    assert '<a href="#id_case-first_contact_source">' in html and title_of(html).startswith("Error: ")


def test_an_invalid_api_token_form_shows_its_errors_at_the_field(counsellor_client):
    response = counsellor_client.post(reverse("accounts:token_create"), {"name": "", "days": "0"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_name_error"' in html and 'id="id_days_error"' in html and "data-error-summary" in html


def test_the_coverage_map_has_an_accessible_name(client, personas):
    client.force_login(personas.team_lead)
    html = client.get(reverse("mobile:coverage"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    svg = re.search(r"<svg[^>]*district-map[^>]*>", html).group(0)
    assert 'role="img"' in svg and re.search(r'aria-label="[^"]+"', svg)


def test_case_pages_name_their_tab_or_form_in_the_title(counsellor_client, iom_case):
    ref = iom_case.reference
    titles = {name: title_of(counsellor_client.get(reverse(name, args=[iom_case.pk]),
                                                   HTTP_ACCEPT_LANGUAGE="en").content.decode())
              for name in ["cases:detail", "cases:sessions", "cases:session_create", "cases:tasks",
                           "cases:household", "cases:timeline"]}
    assert all(ref in title for title in titles.values())
    assert len(set(titles.values())) == len(titles), titles
    assert titles["cases:sessions"].startswith("Sessions")
