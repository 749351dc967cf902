"""Objects of this app for the authorisation matrix (see tests/test_authorisation_matrix.py).

The world gets a consent of the IOM case's principal to a disclosure to the Ausländerbehörde
Trier and an active disclosure of name and nationalities plus a passport scan to it. The
authority reaches the disclosure only under disclosures/ (its inbox); the counsellor manages
it under disclosure-records/.
"""

from django.core.files.uploadedfile import SimpleUploadedFile

from apps.cases import services as case_services
from apps.cases.models import DocumentType
from apps.clients import services as client_services
from apps.clients.models import Consent
from apps.disclosures import services
from apps.disclosures.models import DisclosurePurpose
from tests.matrix.documents import PDF, _write_documents_to_a_temporary_directory
from tests.test_authorisation_matrix import Scope, Target


def extend(world) -> Scope:
    _write_documents_to_a_temporary_directory()
    personas, orgs = world.personas, world.orgs
    document = case_services.document_upload(
        actor=personas.counsellor, case=world.case, person=world.person, document_type=DocumentType.PASSPORT,
        title="Fictitious passport (disclosed)",
        uploaded_file=SimpleUploadedFile("passport.pdf", PDF, content_type="application/pdf"))
    consent = client_services.consent_record(actor=personas.counsellor, person=world.person, data={
        "purpose": Consent.Purpose.DISCLOSURE_TO_AUTHORITY, "recipient": orgs.authority, "form": "written",
        "language": "fa"})
    disclosure = services.disclosure_create(
        actor=personas.counsellor, case=world.case, consent=consent, recipient=orgs.authority,
        purpose=DisclosurePurpose.PROGRAMME_APPLICATION, fields=["name", "nationalities"], documents=[document])
    inbox = Target(disclosure, orgs.authority, read="disclosure.receive", write="application.confirm")
    owner = Target(disclosure, orgs.iom, read="disclosure.create", write="disclosure.create")
    return Scope(
        prefixes={"disclosures/": inbox, "disclosure-records/": owner},
        values={"document_pk": Target(document, orgs.authority, read="disclosure.receive")},
        api_ids={"inbox_disclosure_id": inbox, "disclosure_id": owner},
    )
