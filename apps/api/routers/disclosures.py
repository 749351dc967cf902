"""Disclosures to an Ausländerbehörde: the counsellor's side (/cases/{id}/disclosures,
/disclosures/{id}/revoke) and the authority's inbox (/disclosure-inbox)."""

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.pagination import paginate

from apps.api.pagination import Page
from apps.api.permissions import requires
from apps.api.routers.common import EDIT_ERRORS, RECORD_ERRORS, all_in, invalid, one_in
from apps.api.schemas.common import ErrorOut, PathId
from apps.api.schemas.disclosures import (
    CertificateIn,
    CertificateOut,
    ConfirmIn,
    DisclosureCreateIn,
    DisclosureOut,
    InboxDisclosureDetailOut,
    InboxDisclosureOut,
    MessageOut,
    QuestionIn,
    RevokeIn,
)
from apps.cases.selectors import case_for, documents_of
from apps.disclosures import selectors, services

router = Router()


@router.get("/cases/{case_id}/disclosures", response=list[DisclosureOut], summary="List a case's disclosures")
@requires("case.read")
@paginate(Page)
def list_case_disclosures(request: HttpRequest, case_id: PathId):
    """Disclosures of one visible case, newest first, with status, messages and certificates."""
    return selectors.disclosures_of(request.auth, case_for(request.auth, case_id, audit=False))


@router.post("/cases/{case_id}/disclosures", response={201: DisclosureOut, **EDIT_ERRORS},
             summary="Disclose data to an authority")
@requires("disclosure.create")
def create_disclosure(request: HttpRequest, case_id: PathId, payload: DisclosureCreateIn):
    """Disclose exactly the named fields and documents of the case to an authority. Refused
    (422) without a valid consent of a household member to a disclosure to that recipient."""
    case = selectors.case_for_disclosing(request.auth, case_id)
    recipient = one_in(selectors.authorities(), payload.recipient_id, "recipient_id",
                       _("No active authority has this id."))
    consent = one_in(selectors.disclosure_consents(case), payload.consent_id, "consent_id",
                     _("No valid consent to a disclosure of a household member has this id."))
    # All visible documents: the service refuses sensitive ones and other members' with a clear message.
    documents = all_in(documents_of(request.auth, case), payload.document_ids, "document_ids",
                       _("At least one document id is unknown."))
    disclosure = services.disclosure_create(
        actor=request.auth, case=case, consent=consent, recipient=recipient, purpose=payload.purpose,
        fields=payload.fields, documents=documents, valid_until=payload.valid_until)
    return Status(201, selectors.disclosure_for(request.auth, disclosure.pk, audit=False))


@router.post("/disclosures/{disclosure_id}/revoke", response={200: DisclosureOut, **EDIT_ERRORS},
             summary="Revoke a disclosure")
@requires("disclosure.create")
def revoke_disclosure(request: HttpRequest, disclosure_id: PathId, payload: RevokeIn):
    """End the recipient's access at once. Revoking a revoked disclosure changes nothing."""
    disclosure = selectors.disclosure_for(request.auth, disclosure_id, audit=False)
    services.disclosure_revoke(actor=request.auth, disclosure=disclosure,
                               expected_version=payload.version)
    return selectors.disclosure_for(request.auth, disclosure_id, audit=False)


@router.get("/disclosure-inbox", response=list[InboxDisclosureOut], summary="List the disclosure inbox")
@requires("disclosure.receive")
@paginate(Page)
def list_disclosure_inbox(request: HttpRequest):
    """Accessible disclosures addressed to your authority (disclosure.receive), newest first.
    Empty for users without disclosure.receive."""
    return selectors.inbox_of(request.auth)


@router.get("/disclosure-inbox/{inbox_disclosure_id}", response={200: InboxDisclosureDetailOut, 404: ErrorOut},
            summary="Read a disclosure")
@requires("disclosure.receive")
def get_inbox_disclosure(request: HttpRequest, inbox_disclosure_id: PathId):
    """Exactly the disclosed fields (read now from the live records) and documents; audited."""
    return selectors.inbox_disclosure_for(request.auth, inbox_disclosure_id)


@router.post("/disclosure-inbox/{inbox_disclosure_id}/confirm", response={200: InboxDisclosureOut, **EDIT_ERRORS},
             summary="Confirm a disclosure")
@requires("application.confirm")
def confirm_inbox_disclosure(request: HttpRequest, inbox_disclosure_id: PathId, payload: ConfirmIn):
    """The authority confirms it received the disclosure (application.confirm)."""
    disclosure = selectors.inbox_disclosure_for(request.auth, inbox_disclosure_id, audit=False)
    return services.disclosure_confirm(actor=request.auth, disclosure=disclosure, expected_version=payload.version)


@router.post("/disclosure-inbox/{inbox_disclosure_id}/questions", response={201: MessageOut, **RECORD_ERRORS},
             summary="Ask a question about a disclosure")
@requires("application.confirm")
def ask_inbox_disclosure(request: HttpRequest, inbox_disclosure_id: PathId, payload: QuestionIn):
    """A question to the disclosing organisation (application.confirm)."""
    disclosure = selectors.inbox_disclosure_for(request.auth, inbox_disclosure_id, audit=False)
    return Status(201, services.disclosure_ask(actor=request.auth, disclosure=disclosure, text=payload.text))


@router.post("/disclosure-inbox/{inbox_disclosure_id}/certificates", response={201: CertificateOut, **RECORD_ERRORS},
             summary="Record a border crossing certificate")
@requires("application.confirm")
def record_certificate(request: HttpRequest, inbox_disclosure_id: PathId, payload: CertificateIn):
    """The GÜB the authority issued, for persons of the disclosed household (application.confirm)."""
    disclosure = selectors.inbox_disclosure_for(request.auth, inbox_disclosure_id, audit=False)
    persons = list(selectors.disclosed_persons(disclosure).filter(pk__in=payload.person_ids))
    if len(persons) != len(set(payload.person_ids)):
        raise invalid("person_ids", _("At least one person is not part of the disclosed household."))
    return Status(201, services.gub_record(
        actor=request.auth, disclosure=disclosure, number=payload.number, issued_on=payload.issued_on,
        valid_until=payload.valid_until, persons=persons))
