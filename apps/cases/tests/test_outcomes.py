"""Outcomes of closed cases (issue 4, point 8): neutral, with "returned" split by programme."""

import importlib

import pytest

from apps.cases import services
from apps.cases.models import Case, CaseOutcome, CaseStatusChange

migration = importlib.import_module("apps.cases.migrations.0005_case_outcome_programme")


def test_returned_is_split_into_with_and_without_programme():
    values = set(CaseOutcome.values)
    assert {"returned_with_programme", "returned_without_programme"} <= values
    assert "returned" not in values
    assert CaseOutcome.RETURNED_WITH_PROGRAMME.label == "Returned with a return programme"
    assert CaseOutcome.RETURNED_WITHOUT_PROGRAMME.label == "Returned without a programme"


def test_staying_and_contact_lost_remain_neutral_outcomes():
    assert {"stayed", "onward_migration", "contact_lost", "other"} <= set(CaseOutcome.values)


@pytest.mark.parametrize("outcome", ["returned_with_programme", "returned_without_programme"])
def test_a_case_closes_with_either_return_outcome(personas, iom_case, outcome):
    services.case_close(actor=personas.counsellor, case=iom_case, outcome=outcome,
                        expected_version=iom_case.version)
    iom_case.refresh_from_db()
    assert iom_case.outcome == outcome
    assert CaseStatusChange.objects.filter(case=iom_case, outcome=outcome).exists()


def test_the_old_value_is_refused(personas, iom_case):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.case_close(actor=personas.counsellor, case=iom_case, outcome="returned",
                            expected_version=iom_case.version)


def test_data_migration_maps_returned_rows_to_without_programme(personas, iom_case):
    from django.apps import apps as global_apps

    Case.objects.filter(pk=iom_case.pk).update(outcome="returned")
    change = CaseStatusChange.objects.filter(case=iom_case).first()
    CaseStatusChange.objects.filter(pk=change.pk).update(outcome="returned")
    migration.split_returned(global_apps, None)
    iom_case.refresh_from_db()
    change.refresh_from_db()
    assert (iom_case.outcome, change.outcome) == ("returned_without_programme", "returned_without_programme")
    migration.join_returned(global_apps, None)
    iom_case.refresh_from_db()
    assert iom_case.outcome == "returned"
