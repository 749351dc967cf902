"""The case pages name countries and similarities in words, not codes and raw floats."""

import pytest
from django.urls import reverse

from tests.factories import make_case


@pytest.fixture
def counsellor_client(client, personas):
    client.force_login(personas.counsellor)
    return client


def test_the_case_list_names_the_nationalities(counsellor_client, personas, orgs):
    make_case(personas.counsellor, orgs.iom, nationalities=["IQ", "SY"])

    page = counsellor_client.get(reverse("cases:list")).content.decode()

    assert "<td>Iraq, Syria</td>" in page and "IQ,SY" not in page


def test_the_duplicate_check_shows_the_similarity_in_per_cent(counsellor_client, iom_case, personas):
    response = counsellor_client.post(reverse("cases:create"), {
        "person-family_name": "Husseini", "person-given_names": "Mohammad", "person-birth_date": "1990-05-17",
        "person-birth_date_precision": "exact", "person-sex": "male", "person-residence_status": "toleration",
        "case-office": personas.trier.pk, "case-first_contact_source": "walk_in"})

    page = response.content.decode()
    # "hosseini mohammad" against "husseini mohammad": 94.1… per cent alike, the birth date equal.
    assert "name similarity 94\N{NO-BREAK SPACE}%, same date of birth" in page
    assert "94.1" not in page and "119" not in page
