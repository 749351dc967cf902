"""Demo data of data protection: the default retention rules, one finished dry run of IOM,
one legal hold on an IOM case and one erasure request waiting for the second officer's
approval (sign in as datenschutz2@iom.demo to approve it). Idempotent."""

from apps.cases.models import Case
from apps.privacy import erasure, registry, services
from apps.privacy.models import ErasureRequest, LegalHold, RetentionRun


def seed(network) -> int:
    created = services.rules_ensure()
    iom, dpo = network.organisations["IOM"], network.users.get("iom_dpo")
    if dpo is None:
        return created
    if not RetentionRun.objects.filter(organisation=iom, dry_run=True).exists():
        run = services.retention_run_request(actor=dpo, organisation=iom, dry_run=True)
        services.retention_run_execute(run.pk)  # at once: the demo shows the report (the queued job finds it done)
        created += 1
    cases = Case.objects.filter(organisation=iom, closed_at__isnull=True).order_by("id")
    if not LegalHold.objects.filter(organisation=iom).exists() and cases.exists():
        services.hold_set(actor=dpo, organisation=iom, case_reference=cases[0].reference,
                          reason="Anfrage des Verwaltungsgerichts Trier (Demo)")
        created += 1
    if not ErasureRequest.objects.filter(organisation=iom).exists():
        created += _erasure_awaiting_approval(iom, dpo, cases[1:20])
    return created


def _erasure_awaiting_approval(iom, dpo, cases) -> int:
    finder = registry.subject_finder()
    for case in cases:
        person = case.household.members.order_by("id").first()
        info = finder.describe(person.person_id) if person else None
        # Only a person the rules would not remove anyway: a due one would be erased at once.
        if info is None or erasure.erasure_due(info) or services.held_case_ids(iom.pk) & info.whole_case_ids:
            continue
        erasure.erasure_request(actor=dpo, organisation=iom, person_id=info.person_id, mode="erase",
                                reason="Antrag der betroffenen Person vom 2. März (Demo), Art. 17 DSGVO")
        return 1
    return 0
