"""Objects of this app for the authorisation matrix (see tests/test_authorisation_matrix.py)."""

from apps.clients import services as client_services
from apps.clients.models import Consent
from apps.countryinfo import services
from tests.test_authorisation_matrix import Scope, Target


def extend(world) -> Scope:
    personas, iom = world.personas, world.orgs.iom
    contact = services.contact_create(actor=personas.coordinator, data={
        "country": "AF", "organisation_name": "IOM Kabul (fiktiv)", "languages": ["fa", "ps"],
        "channels": ["video", "whatsapp"],
    })
    client_services.consent_record(actor=personas.counsellor, person=world.person, data={
        "purpose": Consent.Purpose.DISCLOSURE_TO_ORIGIN_PARTNER, "form": "written", "language": "fa"},
        recipient_key=contact.pk)
    virtual = services.virtual_counselling_schedule(
        actor=personas.counsellor, case=world.case, contact=contact, scheduled_for=world.session.started_at,
        participants=[world.person], language="fa")
    request = services.request_create(actor=personas.counsellor, organisation=iom, case=world.case, data={
        "country": "AF", "topic": "medical_care", "question": "Is insulin available in Herat?"})
    contact_target = Target(contact, None)  # network-wide: any organisation
    request_target = Target(request, iom)
    return Scope(
        prefixes={"country-contacts/": contact_target, "country-requests/": request_target,
                  "virtual-counselling/": Target(virtual, iom)},
        api_ids={"contact_id": contact_target, "request_id": request_target},
    )
