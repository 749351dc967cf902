"""Demo data of the disclosures app: one active disclosure of the Trier counsellor's newest
showcase case to the Ausländerbehörde Trier (ABH07211, user abh.trier@behoerde.demo), on a
fictitious written consent of the principal. Idempotent."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from apps.accounts.models import Organisation
from apps.cases.models import Case
from apps.clients import services as client_services
from apps.clients.models import Consent
from apps.disclosures import services
from apps.disclosures.models import Disclosure, DisclosurePurpose

AUTHORITY_CODE = "ABH07211"
FIELDS = ["name", "birth_date", "nationalities", "residence_status", "bamf_file_number",
          "household_members", "intended_return_country"]


def _showcase_case(network) -> Case | None:
    counsellor = network.users["counsellor"]
    return (Case.objects.filter(organisation=network.organisations["IOM"], assigned_counsellors=counsellor)
            .select_related("household").order_by("-opened_at", "-id").first())


@transaction.atomic
def seed(network) -> int:
    """Create what is missing; returns how many rows were created (0 on a second run)."""
    authority = network.organisations.get(AUTHORITY_CODE) or Organisation.objects.filter(
        code=AUTHORITY_CODE).first()
    case = _showcase_case(network)
    if authority is None or case is None:
        return 0
    if Disclosure.objects.filter(case=case, recipient=authority, revoked_at__isnull=True).exists():
        return 0
    counsellor, created = network.users["counsellor"], 0
    person = case.household.members.get(is_principal=True).person
    consent = person.consents.filter(purpose=Consent.Purpose.DISCLOSURE_TO_AUTHORITY, recipient=authority,
                                     withdrawn_at__isnull=True).first()
    if consent is None:
        consent = client_services.consent_record(actor=counsellor, person=person, data={
            "purpose": Consent.Purpose.DISCLOSURE_TO_AUTHORITY, "recipient": authority, "form": "written",
            "language": "de", "notes": "Fiktive Einwilligung (Demo)."})
        created += 1
    services.disclosure_create(
        actor=counsellor, case=case, consent=consent, recipient=authority,
        purpose=DisclosurePurpose.PROGRAMME_APPLICATION, fields=FIELDS,
        valid_until=timezone.localdate() + timedelta(days=180))
    return created + 1
