"""The registry of disclosable fields: the base fields, the hook for higher apps, and that
only the listed fields are read."""

import pytest

from apps.disclosures import fields
from apps.disclosures.fields import DISCLOSABLE_FIELDS, disclosed_values, register_disclosable_field

pytestmark = pytest.mark.django_db

BASE = ["name", "birth_date", "nationalities", "residence_status", "bamf_file_number", "address", "phone",
        "household_members", "intended_return_country"]


def test_the_base_fields_are_registered_in_order():
    codes = [f.code for f in fields.ordered_fields()]
    assert codes[:len(BASE)] == BASE


def test_every_base_field_reads_the_live_record(iom_case, principal, child):
    values = {code: value for code, _label, value in disclosed_values(iom_case, principal, BASE,
                                                                      [principal, child])}
    assert values["name"] == "Mohammad Hosseini"
    assert values["birth_date"] == "14.03.1988"
    assert values["nationalities"] == "Iraq"
    assert values["residence_status"] == "Toleration (Duldung), valid until 31.01.2027"
    assert values["bamf_file_number"] == "7654321-438"
    assert values["address"] == "Musterstraße 1, 54290 Trier"
    assert values["phone"] == "+496511234567"
    assert "Sara Hosseini (02.05.2016, child)" in values["household_members"]
    assert "Mohammad Hosseini (14.03.1988" in values["household_members"]
    assert values["intended_return_country"] == "Iraq"


def test_only_the_listed_fields_are_read(iom_case, principal):
    calls = []
    register_disclosable_field("probe", "Probe", lambda case, person: calls.append(1) or "x")
    try:
        assert [code for code, *_ in disclosed_values(iom_case, principal, ["name"])] == ["name"]
        assert calls == []
        assert disclosed_values(iom_case, principal, ["probe"])[0][2] == "x"
        assert calls == [1]
    finally:
        DISCLOSABLE_FIELDS.pop("probe")


def test_a_higher_app_adds_a_field_and_registering_again_replaces_it(iom_case, principal):
    registered = DISCLOSABLE_FIELDS.get("probe_application")
    assert registered is None
    register_disclosable_field("probe_application", "Application", lambda case, person: "REAG/GARP, draft")
    register_disclosable_field("probe_application", "Application", lambda case, person: "REAG/GARP, ready")
    try:
        assert ("probe_application", "Application") in fields.field_choices()
        assert disclosed_values(iom_case, principal, ["probe_application"]) == [
            ("probe_application", "Application", "REAG/GARP, ready")]
    finally:
        DISCLOSABLE_FIELDS.pop("probe_application")


def test_an_empty_value_shows_a_dash(iom_case, personas, orgs):
    from tests.factories import make_person

    person = make_person(personas.counsellor, orgs.iom, "Karimi", "Ali")
    assert disclosed_values(iom_case, person, ["bamf_file_number"])[0][2] == "—"


def test_the_household_field_shows_only_the_pinned_members(iom_case, principal, child):
    values = {code: value for code, _label, value in disclosed_values(
        iom_case, principal, ["household_members"], [principal])}
    assert "Mohammad Hosseini" in values["household_members"]
    assert "Sara" not in values["household_members"]
