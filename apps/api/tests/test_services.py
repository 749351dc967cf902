"""Token services, the task edit service and the create_api_token command."""

import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command

from apps.api.models import ApiToken
from apps.api.selectors import active_token
from apps.api.services import api_token_create, api_token_revoke
from apps.audit.models import AuditEntry
from apps.cases.services import task_create, task_update

pytestmark = pytest.mark.django_db


def test_a_token_is_stored_only_as_its_hash(personas):
    token, plain = api_token_create(actor=personas.counsellor, user=personas.counsellor, name="laptop")
    assert token.key_hash == hashlib.sha256(plain.encode()).hexdigest()
    assert token.prefix == plain[:8]
    assert len(plain) > 40
    stored = ApiToken.objects.values_list(flat=False).get(pk=token.pk)
    assert plain not in [str(value) for value in stored]
    assert active_token(plain) == token


def test_every_token_is_different(personas):
    plains = {api_token_create(actor=None, user=personas.counsellor)[1] for _ in range(5)}
    assert len(plains) == 5


def test_creating_a_token_is_audited_without_the_secret(personas, orgs):
    token, plain = api_token_create(actor=None, user=personas.counsellor)
    entry = AuditEntry.objects.get(action="api_token.created")
    assert entry.object_id == str(token.pk)
    assert entry.organisation_id == orgs.iom.pk
    assert entry.details == {"user_id": personas.counsellor.pk, "days": 90}
    assert plain not in str(entry.__dict__)


def test_nobody_creates_or_revokes_tokens_for_someone_else(personas):
    with pytest.raises(PermissionDenied):
        api_token_create(actor=personas.team_lead, user=personas.counsellor)
    token, _plain = api_token_create(actor=None, user=personas.counsellor)
    with pytest.raises(PermissionDenied):
        api_token_revoke(actor=personas.team_lead, token=token)


def test_an_inactive_user_gets_no_token(personas):
    personas.counsellor.is_active = False
    personas.counsellor.save()
    with pytest.raises(ValidationError):
        api_token_create(actor=None, user=personas.counsellor)


def test_revoking_is_final_and_audited_once(personas):
    token, plain = api_token_create(actor=None, user=personas.counsellor)
    api_token_revoke(actor=personas.counsellor, token=token)
    api_token_revoke(actor=personas.counsellor, token=token)
    assert active_token(plain) is None
    assert AuditEntry.objects.filter(action="api_token.revoked").count() == 1


def test_task_update_changes_the_fields_and_audits_their_names(personas, iom_case):
    task = task_create(actor=personas.counsellor, case=iom_case, title="Call")
    task_update(actor=personas.counsellor, task=task,
                data={"title": "Call back", "assignee": personas.team_lead})
    task.refresh_from_db()
    assert (task.title, task.assignee) == ("Call back", personas.team_lead)
    entry = AuditEntry.objects.get(action="task.updated")
    assert entry.details == {"fields": ["assignee", "title"]}
    assert entry.case_id == iom_case.pk


def test_task_update_refuses_an_assignee_of_another_organisation(personas, iom_case):
    task = task_create(actor=personas.counsellor, case=iom_case, title="Call")
    with pytest.raises(ValidationError):
        task_update(actor=personas.counsellor, task=task, data={"assignee": personas.diakonie_counsellor})


def test_task_update_needs_case_write(personas, iom_case):
    task = task_create(actor=personas.counsellor, case=iom_case, title="Call")
    with pytest.raises(PermissionDenied):
        task_update(actor=personas.diakonie_counsellor, task=task, data={"title": "x"})


def test_the_command_prints_a_working_token(personas, capsys):
    call_command("create_api_token", "COUNSELLOR@iom.test", "--name", "reporting")
    out, err = capsys.readouterr()
    plain = out.strip()
    token = active_token(plain)
    assert token.user == personas.counsellor
    assert token.name == "reporting"
    assert "cannot be shown again" in err


def test_the_command_refuses_an_unknown_user(db):
    with pytest.raises(CommandError):
        call_command("create_api_token", "nobody@example.org")
