"""The retention run over the record types and subject sources the apps really register
(apps/<app>/privacy.py, apps/cases/retention.py): a dry run and a real run on hand-built
cases, one of them under a legal hold."""

import time_machine
from django.test import TestCase

from apps.cases import services as case_services
from apps.clients.models import Person
from apps.jobs.testing import run_jobs
from apps.privacy import registry, services
from tests.factories import make_case


def _run(actor, org, *, dry_run):
    with TestCase.captureOnCommitCallbacks(execute=True):
        run = services.retention_run_request(actor=actor, organisation=org, dry_run=dry_run)
    run_jobs()
    run.refresh_from_db()
    return run


def test_a_closed_case_is_anonymised_after_its_period_and_a_held_one_is_kept(personas, orgs):
    assert registry.record_type("cases.closed_without_return") is not None
    services.rules_ensure()
    with time_machine.travel("2021-02-01T10:00+01:00", tick=False):
        due = make_case(personas.counsellor, orgs.iom, family_name="Vergessen")
        held = make_case(personas.counsellor, orgs.iom, family_name="Gesperrt")
        for case in (due, held):
            case_services.case_close(actor=personas.counsellor, case=case, outcome="stayed",
                                     expected_version=case.version)
    services.hold_set(actor=personas.iom_dpo, organisation=orgs.iom, case_reference=held.reference, reason="Court")
    with time_machine.travel("2026-06-01T10:00+02:00", tick=False):
        dry = _run(personas.iom_dpo, orgs.iom, dry_run=True)
        assert dry.status == "done", dry.error
        counts = dry.counts["cases.closed_without_return"]
        assert (counts["due"], counts["held"], counts["action"]) == (1, 1, "anonymise")
        assert not Person.objects.filter(anonymised_at__isnull=False).exists()
        # The job's body itself: the sources' on-commit work (the SQLite WAL checkpoint after an
        # erasure) cannot run inside the test's transaction, which never commits.
        real = services.retention_run_request(actor=personas.iom_dpo, organisation=orgs.iom, dry_run=False)
        assert services.retention_run_execute(real.pk) == "done"
        real.refresh_from_db()
    assert real.status == "done", real.error
    assert real.counts["cases.closed_without_return"]["anonymised"] == 1
    person_due = due.household.members.get().person
    person_held = held.household.members.get().person
    person_due.refresh_from_db()
    person_held.refresh_from_db()
    assert person_due.anonymised_at is not None and "Vergessen" not in str(person_due.family_name)
    assert person_held.anonymised_at is None and person_held.family_name == "Gesperrt"
