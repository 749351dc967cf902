"""Objects of this app for the authorisation matrix (see tests/test_authorisation_matrix.py).

The world gets a directory entry offered by the partner (Caritas Trier), a referral of the
IOM case's principal to it (consented and sent, so that it is in the partner's inbox) and
an incoming referral from the partner to IOM.
"""

from apps.clients import services as client_services
from apps.clients.models import Consent
from apps.referrals import services
from apps.referrals.models import ServiceType
from tests.test_authorisation_matrix import Scope, Target


def extend(world) -> Scope:
    personas, orgs = world.personas, world.orgs
    service = services.service_create(
        actor=personas.network_admin, provider=orgs.partner,
        data={"name": "Rechtsberatung (fiktiv)", "statewide": True, "languages": ["de", "fa"]},
        service_types=ServiceType.objects.filter(code="legal_advice"),
    )
    client_services.consent_record(actor=personas.counsellor, person=world.person, data={
        "purpose": Consent.Purpose.REFERRAL, "recipient": orgs.partner, "form": "written", "language": "fa"})
    referral = services.referral_create(actor=personas.counsellor, case=world.case, service=service,
                                        person=world.person, reason="Rechtsberatung", shared_fields=["name"])
    services.referral_send(actor=personas.counsellor, referral=referral)
    incoming = services.incoming_submit(
        actor=personas.partner, from_organisation=orgs.partner, to_organisation=orgs.iom,
        data={"family_name": "Ahmadi", "given_names": "Reza", "language": "fa", "reason": "Rückkehr",
              "consent_confirmed": True, "consent_form": "oral"},
    )
    iom, partner = orgs.iom, orgs.partner
    return Scope(
        prefixes={
            # The directory is network-wide: directory.manage in any organisation edits it.
            "services/": Target(service, None, read="directory.manage", write="directory.manage"),
            "referrals/": Target(referral, iom),
            "inbox/": Target(referral, partner, read="referral.receive", write="referral.receive"),
            "incoming/": Target(incoming, iom),
            "my-referrals/": Target(incoming, partner, read="referral.submit", write="referral.submit"),
        },
        api_ids={
            # Every signed-in user reads the directory (read=None).
            "service_id": Target(service, None, read=None, write="directory.manage"),
            "referral_id": Target(referral, iom),
            "inbox_referral_id": Target(referral, partner, read="referral.receive", write="referral.receive"),
        },
    )
