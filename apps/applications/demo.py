"""Demo data of the applications app: one application in progress (a draft with part of its
checklist done and a prioritisation flag) on the Trier counsellor's newest open case.
Everything is fictitious. Idempotent: a second run adds nothing."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from apps.applications import selectors, services
from apps.applications.models import Application
from apps.cases.models import Case, CaseStatus


def _showcase_case(network) -> Case | None:
    counsellor = network.users["counsellor"]
    return (Case.objects.filter(organisation=network.organisations["IOM"], assigned_counsellors=counsellor,
                                restricted=False)
            .exclude(status=CaseStatus.CLOSED).select_related("household").order_by("-opened_at", "-id").first())


def _programme_version():
    versions = list(selectors.selectable_programme_versions())
    return next((v for v in versions if "reag" in v.programme.code.lower()), versions[0] if versions else None)


@transaction.atomic
def seed(network) -> int:
    case, version = _showcase_case(network), _programme_version()
    if case is None or version is None or Application.objects.filter(case=case).exists():
        return 0
    counsellor = network.users["counsellor"]
    members = [m.person for m in case.household.members.select_related("person")]
    application = services.application_create(
        actor=counsellor, case=case, programme_version=version, members=members,
        data={"prioritisation_reasons": ["imminent_facility_transfer"], "asylum_procedures": "none_pending"})
    principal = case.household.members.get(is_principal=True).person
    today = timezone.localdate()
    services.declaration_record(actor=counsellor, application=application, person=principal,
                                signed_on=today - timedelta(days=2))
    services.travel_document_record(actor=counsellor, application=application, person=principal, kind="passport",
                                    number="X0000000 (fiktiv)", expires_on=today + timedelta(days=500))
    services.travel_save(actor=counsellor, application=application, data={
        "departure_date": today + timedelta(days=45), "airport": "FRA", "needs": [],
        "luggage_notes": "Fiktiv: 2 Koffer à 23 kg"})
    return 4
