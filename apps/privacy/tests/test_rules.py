"""Retention rules: defaults from the record types, the organisation's own rule, confirmation,
optimistic locking."""

import pytest
from django.core.exceptions import ValidationError

from apps.audit.models import AuditEntry
from apps.privacy import services
from apps.privacy.models import RetentionRule
from apps.privacy.tests.privacy_world import privacy_world  # noqa: F401

DATA = {"action": "anonymise", "months": 36, "legal_basis": "§ 84 SGB X", "source": "Funder's rule 2026"}


def test_defaults_are_created_once_and_unverified(db, privacy_world):  # noqa: F811
    assert services.rules_ensure() == 0  # the fixture created them
    default = RetentionRule.objects.get(organisation=None, record_type="test.done_tasks")
    assert default.unverified and default.months == 12 and default.action == "delete"


def test_the_first_edit_gives_the_organisation_its_own_rule(personas, orgs, privacy_world):  # noqa: F811
    rule = services.rule_update(actor=personas.iom_dpo, organisation=orgs.iom, record_type="test.done_tasks",
                                data=DATA, version=0)
    assert rule.organisation == orgs.iom and rule.months == 36 and rule.unverified
    assert services.rule_for(orgs.iom.pk, "test.done_tasks") == rule
    assert services.rule_for(orgs.diakonie.pk, "test.done_tasks").organisation is None  # others keep the default
    assert AuditEntry.objects.filter(action="retention_rule.updated", object_id=str(rule.pk)).exists()


def test_a_stale_form_is_refused(personas, orgs, privacy_world):  # noqa: F811
    services.rule_update(actor=personas.iom_dpo, organisation=orgs.iom, record_type="test.done_tasks", data=DATA,
                         version=0)
    # A second officer's form was loaded before the first saved (based on the default).
    with pytest.raises(ValidationError, match="changed this record"):
        services.rule_update(actor=personas.iom_dpo, organisation=orgs.iom, record_type="test.done_tasks",
                             data={**DATA, "months": 48}, version=0)
    rule = services.rule_for(orgs.iom.pk, "test.done_tasks")
    with pytest.raises(ValidationError, match="changed this record"):
        services.rule_confirm(actor=personas.iom_dpo, organisation=orgs.iom, record_type="test.done_tasks",
                              version=rule.version - 1)
    assert RetentionRule.objects.get(pk=rule.pk).months == 36


def test_the_action_must_be_allowed_and_the_period_sensible(personas, orgs, privacy_world):  # noqa: F811
    with pytest.raises(ValidationError) as refused:
        services.rule_update(actor=personas.iom_dpo, organisation=orgs.iom, record_type="test.closed_cases",
                             data={**DATA, "action": "delete", "months": 0}, version=0)
    assert set(refused.value.error_dict) == {"action", "months"}
    with pytest.raises(ValidationError, match="does not exist"):
        services.rule_update(actor=personas.iom_dpo, organisation=orgs.iom, record_type="nope.nothing", data=DATA,
                             version=0)


def test_confirming_marks_who_and_when(personas, orgs, privacy_world):  # noqa: F811
    rule = services.rule_confirm(actor=personas.iom_dpo, organisation=orgs.iom, record_type="test.done_tasks",
                                 version=0)
    assert not rule.unverified and rule.confirmed_by == personas.iom_dpo and rule.organisation == orgs.iom
    assert RetentionRule.objects.get(organisation=None, record_type="test.done_tasks").unverified
    changed = services.rule_update(actor=personas.iom_dpo, organisation=orgs.iom, record_type="test.done_tasks",
                                   data=DATA, version=rule.version)
    assert changed.unverified and changed.confirmed_by is None  # a changed rule is checked again
