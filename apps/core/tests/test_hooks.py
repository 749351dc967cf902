"""core asks accounts about permissions and accounts writes to the audit log through
apps.core.hooks, so that no import points upward (docs/architecture.md)."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from apps.audit.models import AuditEntry
from apps.core import hooks


def test_a_hook_nobody_filled_raises_instead_of_skipping_the_check(monkeypatch, personas):
    monkeypatch.setattr(hooks, "_HOOKS", {})
    with pytest.raises(ImproperlyConfigured):
        hooks.user_has_perm(personas.counsellor, "case.read")
    with pytest.raises(ImproperlyConfigured):
        hooks.record_audit(personas.counsellor, "auth.login")


def test_accounts_answers_the_permission_questions_of_core(personas, orgs):
    assert hooks.user_has_perm(personas.counsellor, "case.read")
    assert hooks.user_has_perm(personas.counsellor, "case.read", orgs.iom.pk)
    assert not hooks.user_has_perm(personas.counsellor, "case.read", orgs.diakonie.pk)
    assert not hooks.user_has_perm(personas.partner, "case.read")
    assert "case.read" in hooks.permissions_of(personas.counsellor)
    assert not hooks.requires_second_factor(personas.counsellor)  # the personas fixture switches 2FA off


def test_audit_records_what_accounts_reports_through_the_hook(personas, orgs):
    hooks.record_audit(personas.counsellor, "auth.password_changed", details={"via": "test"})
    entry = AuditEntry.objects.get(action="auth.password_changed")
    assert entry.actor == personas.counsellor
    assert entry.organisation_id == orgs.iom.pk
    assert entry.details == {"via": "test"}
