"""The hotline takes phone numbers as callers say them (national or international) and picks
the caller's language by name."""

import pytest
from django.urls import reverse

from apps.hotline.models import CallbackRequest


@pytest.mark.parametrize("typed", ["+49 151 0000001", "0151 0000001"])
def test_a_callback_takes_national_and_international_numbers(client, personas, hotline_office, typed):
    client.force_login(personas.hotline)
    response = client.post(reverse("hotline:callback_create"), {"phone": typed, "language": "ar",
                                                                 "window": "anytime"})
    assert response.status_code == 302
    assert CallbackRequest.objects.get().phone == "+491510000001"


def test_a_garbled_number_is_refused_at_the_field(client, personas, hotline_office):
    client.force_login(personas.hotline)
    response = client.post(reverse("hotline:callback_create"), {"phone": "ruf mich an", "language": "ar",
                                                                 "window": "anytime"})
    page = response.content.decode()
    assert response.status_code == 200 and not CallbackRequest.objects.exists()
    assert "Enter a valid phone number." in page and 'value="ruf mich an"' in page


def test_the_language_is_picked_by_name(client, personas, hotline_office):
    client.force_login(personas.hotline)
    page = client.get(reverse("hotline:callback_create")).content.decode()
    assert '<option value="ar">Arabic (العربيّة)</option>' in page and "data-picker" in page
