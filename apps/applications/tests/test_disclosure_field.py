"""The application can be disclosed to the authority as one field: programme, status, who travels."""

from apps.disclosures.fields import DISCLOSABLE_FIELDS


def test_the_application_is_a_disclosable_field(family, application):
    getter = DISCLOSABLE_FIELDS["application"].getter
    value = getter(family.case, family.principal)
    assert "REAG/GARP 2.0 (Test)" in value and "3 persons travelling" in value
    # Names are the fields "name" and "household members", disclosed only when chosen.
    assert "Sara" not in value and "Zahra" not in value and "Hosseini" not in value


def test_without_an_application_the_field_is_empty(family):
    assert DISCLOSABLE_FIELDS["application"].getter(family.case, family.principal) == ""
