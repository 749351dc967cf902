"""Legal holds: set on a case of the officer's organisation by its reference, lifted with a reason."""

import pytest
from django.core.exceptions import ValidationError

from apps.audit.models import AuditEntry
from apps.privacy import services
from apps.privacy.models import LegalHold
from apps.privacy.tests.privacy_world import privacy_world  # noqa: F401
from tests.factories import make_case


def test_a_hold_is_set_by_reference_and_lifted_once(personas, orgs, iom_case, privacy_world):  # noqa: F811
    hold = services.hold_set(actor=personas.iom_dpo, organisation=orgs.iom, case_reference=iom_case.reference,
                             reason="Court proceedings")
    assert hold.case_id == iom_case.pk and services.held_case_ids(orgs.iom.pk) == {iom_case.pk}
    assert AuditEntry.objects.get(action="legal_hold.set").case_id == iom_case.pk
    with pytest.raises(ValidationError, match="already under a legal hold"):
        services.hold_set(actor=personas.iom_dpo, organisation=orgs.iom, case_reference=iom_case.reference,
                          reason="Twice")
    services.hold_lift(actor=personas.iom_dpo, hold=hold, reason="Proceedings ended")
    with pytest.raises(ValidationError, match="already been lifted"):
        services.hold_lift(actor=personas.iom_dpo, hold=hold, reason="Again")
    assert services.held_case_ids(orgs.iom.pk) == frozenset()
    assert LegalHold.objects.get().lift_reason == "Proceedings ended"


def test_another_organisations_case_or_an_unknown_reference_is_refused(personas, orgs, privacy_world):  # noqa: F811
    other = make_case(personas.diakonie_counsellor, orgs.diakonie)
    for reference in (other.reference, "IOM-1999-999999", ""):
        with pytest.raises(ValidationError, match="no case with this reference"):
            services.hold_set(actor=personas.iom_dpo, organisation=orgs.iom, case_reference=reference,
                              reason="Court")
    assert not LegalHold.objects.exists()
