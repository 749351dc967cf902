"""The country-information request of a case is a page of the case: header and tabs stay."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_request_form_of_a_case_keeps_the_case_tabs(client, personas, iom_case):
    client.force_login(personas.counsellor)
    page = client.get(reverse("countryinfo:case_request_create", args=[iom_case.pk])).content.decode()
    assert f"<h1>{iom_case.reference}" in page and 'aria-label="Case sections"' in page
    current = re.search(r'<a href="([^"]+)" aria-current="page">', page)
    assert current and current.group(1) == reverse("countryinfo:case_countryinfo", args=[iom_case.pk])
    assert "<h2>New country-information request</h2>" in page
    # Refused input comes back inside the case as well.
    response = client.post(reverse("countryinfo:case_request_create", args=[iom_case.pk]), {"topic": ""})
    assert response.status_code == 200 and 'aria-label="Case sections"' in response.content.decode()


def test_a_request_without_a_case_has_no_case_tabs(client, personas):
    client.force_login(personas.counsellor)
    page = client.get(reverse("countryinfo:request_create")).content.decode()
    assert 'aria-label="Case sections"' not in page and "<h1>New country-information request</h1>" in page
