"""A small, real privacy world for the privacy-core tests: record types and a subject source
over real models (tasks and cases of apps.cases), registered only for the test.

The registry is swapped for one holding just these, so that the tests do not depend on what
the other apps register (their own tests cover their record types and sources); the subject
finder and the case lookup are the real ones of apps.cases.
"""

from datetime import timedelta

import pytest

from apps.cases import privacy as case_privacy
from apps.cases.models import Case, Task
from apps.privacy import registry
from apps.privacy.registry import ANONYMISE, DELETE, RecordType, SubjectSource

ANONYMISED_TITLE = "—"


def _cutoff(scope):
    return scope.now - timedelta(days=30 * scope.months)


def done_tasks_due(scope):
    return Task.objects.filter(case__organisation_id=scope.organisation_id, done_at__lt=_cutoff(scope)).exclude(
        case_id__in=scope.held_case_ids).exclude(title=ANONYMISED_TITLE)


def done_tasks_held(scope):
    return Task.objects.filter(case__organisation_id=scope.organisation_id, done_at__lt=_cutoff(scope),
                               case_id__in=scope.held_case_ids).count()


def done_tasks_apply(due, action):
    if action == DELETE:
        return due.delete()[1].get("cases.Task", 0)
    return due.update(title=ANONYMISED_TITLE)


def closed_cases_due(scope):
    return Case.objects.filter(organisation_id=scope.organisation_id, closed_at__lt=_cutoff(scope)).exclude(
        pk__in=scope.held_case_ids)


def closed_cases_apply(due, action):
    from apps.privacy.services import anonymise_case

    for case in due:
        anonymise_case(case_id=case.pk, organisation_id=case.organisation_id)
    return len(due)


DONE_TASKS = RecordType(
    code="test.done_tasks", label="Done tasks", trigger="after the task was done", actions=(ANONYMISE, DELETE),
    default_action=DELETE, default_months=12, default_legal_basis="Art. 5 (1) (e) GDPR", default_source="test",
    due=done_tasks_due, apply=done_tasks_apply, held=done_tasks_held, order=60)
CLOSED_CASES = RecordType(
    code="test.closed_cases", label="Closed cases", trigger="after the case was closed", actions=(ANONYMISE,),
    default_action=ANONYMISE, default_months=24, default_legal_basis="Art. 5 (1) (e) GDPR", default_source="test",
    due=closed_cases_due, apply=lambda due, action: closed_cases_apply(list(due), action), subject="case", order=40)


def tasks_erase(ctx):
    """Tasks of the cases that go with the person: deleted (ERASE) or emptied (ANONYMISE)."""
    tasks = Task.objects.filter(case_id__in=ctx.whole_case_ids)
    if ctx.mode == ANONYMISE:
        ctx.add("test.tasks", tasks.exclude(title=ANONYMISED_TITLE).update(title=ANONYMISED_TITLE))
    else:
        ctx.add("test.tasks", tasks.delete()[1].get("cases.Task", 0))


TASK_SOURCE = SubjectSource("test", "Test tasks", collect=lambda person_id: [], erase=tasks_erase)


@pytest.fixture
def privacy_world(monkeypatch):
    """The registry with the test record types, the test source and the real finder."""
    monkeypatch.setattr(registry, "_record_types", {t.code: t for t in (DONE_TASKS, CLOSED_CASES)})
    monkeypatch.setattr(registry, "_sources", {"test": TASK_SOURCE})
    monkeypatch.setattr(registry, "_finder", [registry.SubjectFinder(search=case_privacy.search,
                                                                     describe=case_privacy.describe)])
    monkeypatch.setattr(registry, "_case_lookup", [(case_privacy.find_case, case_privacy.case_members)])
    from apps.privacy.services import rules_ensure

    rules_ensure()
    return registry
