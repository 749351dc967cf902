"""Objects of the privacy app for the authorisation matrix (see tests/test_authorisation_matrix.py).

A default retention rule (every data protection officer edits their organisation's rule from
it), an IOM dry run, an IOM legal hold on the world's case and an IOM erasure request of the
world's person, asked for by IOM's officer (so the matrix's approval as the same officer is
refused by the two-person rule, and nothing is erased)."""

from apps.privacy import registry, services
from apps.privacy.models import ErasureRequest, LegalHold, RetentionRule, RetentionRun
from tests.test_authorisation_matrix import Scope, Target

MANAGE = {"read": "privacy.manage", "write": "privacy.manage"}
ERASE = {"read": "privacy.erase", "write": "privacy.erase"}


def extend(world) -> Scope:
    iom, dpo = world.orgs.iom, world.personas.iom_dpo
    if not registry.record_types():  # the apps register theirs; a bare checkout has none
        registry.register_record_type(registry.RecordType(
            code="matrix.nothing", label="Nothing", trigger="never", actions=(registry.DELETE,),
            default_action=registry.DELETE, default_months=12, default_legal_basis="-", default_source="",
            due=lambda scope: [], apply=lambda due, action: 0))
    services.rules_ensure()
    rule = RetentionRule.objects.filter(organisation__isnull=True,
                                        record_type=registry.record_types()[0].code).get()
    run = RetentionRun.objects.create(organisation=iom, dry_run=True, requested_by=dpo,
                                      status=RetentionRun.Status.DONE)
    hold = LegalHold.objects.create(organisation=iom, case_id=world.case.pk, case_reference=world.case.reference,
                                    reason="Court proceedings", set_by=dpo)
    erasure = ErasureRequest.objects.create(
        organisation=iom, person_id=world.person.pk, subject_label=f"person #{world.person.pk}", reason="Asked",
        requested_by=dpo, status=ErasureRequest.Status.AWAITING_APPROVAL)
    return Scope(prefixes={
        "privacy/rules/": Target(rule, None, **MANAGE),
        "privacy/runs/": Target(run, iom, **MANAGE),
        "privacy/holds/": Target(hold, iom, **MANAGE),
        "privacy/erasure/": Target(erasure, iom, **ERASE),
    })
