"""Service directory, referrals of a case, the provider's inbox and incoming referrals."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from apps.accounts.selectors import organisations_with
from apps.api.pagination import Page
from apps.api.permissions import requires, signed_in
from apps.api.routers.common import EDIT_ERRORS, district, invalid
from apps.api.schemas.common import ErrorOut, PathId
from apps.api.schemas.referrals import (
    InboxReferralOut,
    IncomingCreateIn,
    IncomingFilters,
    IncomingOut,
    ReferralCreateIn,
    ReferralOut,
    ReferralStatusIn,
    ServiceFilters,
    ServiceOut,
)
from apps.cases.selectors import case_for
from apps.clients.selectors import persons_of_household
from apps.referrals import selectors, services

router = Router()


@router.get("/services", response=list[ServiceOut], summary="Search the service directory")
@signed_in
@paginate(Page)
def list_services(request: HttpRequest, filters: Query[ServiceFilters]):
    """Active directory entries by type, district (or postcode) and language. The directory
    holds no personal data: every signed-in user may search it, as on the web."""
    return selectors.search_services(selectors.ServiceFilters(
        query=filters.q, service_type=filters.service_type, district=filters.district,
        postcode=filters.postcode, language=filters.language,
    )).order_by("name", "id")


@router.get("/services/{service_id}", response={200: ServiceOut, 404: ErrorOut}, summary="Read a service")
@signed_in
def get_service(request: HttpRequest, service_id: PathId):
    """One directory entry (also a deactivated one, which the search no longer lists)."""
    return selectors.service_for(service_id)


@router.get("/cases/{case_id}/referrals", response=list[ReferralOut], summary="List a case's referrals")
@requires("case.read")
@paginate(Page)
def list_case_referrals(request: HttpRequest, case_id: PathId):
    """Referrals of one visible case, newest first."""
    return selectors.referrals_of(request.auth, case_for(request.auth, case_id, audit=False))


@router.post("/cases/{case_id}/referrals", response={201: ReferralOut, **EDIT_ERRORS}, summary="Propose a referral")
@requires("case.write")
def create_referral(request: HttpRequest, case_id: PathId, payload: ReferralCreateIn):
    """A proposed referral of a household member to a service; nothing is shared before it is sent."""
    case = case_for(request.auth, case_id, audit=False)
    service = selectors.referable_services(request.auth, case).filter(pk=payload.service_id).first()
    if service is None:
        raise invalid("service_id", _("No active service with this id."))
    person = persons_of_household(case.household_id).filter(pk=payload.person_id).first()
    if person is None:
        raise invalid("person_id", _("No member of the case's household has this id."))
    referral = services.referral_create(actor=request.auth, case=case, service=service, person=person,
                                        reason=payload.reason, shared_fields=payload.shared_fields)
    return Status(201, referral)


@router.get("/referrals/{referral_id}", response={200: ReferralOut, 404: ErrorOut}, summary="Read a referral")
@requires("case.read")
def get_referral(request: HttpRequest, referral_id: PathId):
    """A referral of a visible case, with its status and the follow-up task."""
    return selectors.referral_for(request.auth, referral_id)


@router.post("/referrals/{referral_id}/send", response={200: ReferralOut, **EDIT_ERRORS},
             summary="Send a referral")
@requires("case.write")
def send_referral(request: HttpRequest, referral_id: PathId):
    """Send a proposed referral. Refused (422) unless the person has a valid consent to a
    referral to the service's provider; creates the follow-up task."""
    referral = selectors.referral_for(request.auth, referral_id, audit=False)
    return services.referral_send(actor=request.auth, referral=referral)


def _set_status(request: HttpRequest, referral, payload: ReferralStatusIn, *, side: str):
    """The status change the payload asks for, made as the sender or as the provider."""
    return services.referral_set_status(actor=request.auth, referral=referral, to_status=payload.status,
                                        note=payload.note, expected_version=payload.version, side=side)


@router.post("/referrals/{referral_id}/status", response={200: ReferralOut, **EDIT_ERRORS},
             summary="Record the answer to a referral")
@requires("case.write")
def set_referral_status(request: HttpRequest, referral_id: PathId, payload: ReferralStatusIn):
    """The sending side records accepted, completed, declined or no response (invalid moves are 422)."""
    referral = selectors.referral_for(request.auth, referral_id, audit=False)
    return _set_status(request, referral, payload, side=services.SENDER)


@router.get("/referral-inbox", response=list[InboxReferralOut], summary="List the referral inbox")
@requires("referral.receive")
@paginate(Page)
def list_referral_inbox(request: HttpRequest):
    """Referrals sent to your organisation's services (referral.receive): the shared snapshot
    and dates, nothing else of the case. Empty for users without referral.receive."""
    return selectors.inbox_of(request.auth)


@router.post("/referral-inbox/{inbox_referral_id}/status", response={200: InboxReferralOut, **EDIT_ERRORS},
             summary="Answer a referral in the inbox")
@requires("referral.receive")
def answer_inbox_referral(request: HttpRequest, inbox_referral_id: PathId, payload: ReferralStatusIn):
    """The provider accepts, completes or declines (a "no response" is the sender's to record)."""
    referral = selectors.inbox_referral_for(request.auth, inbox_referral_id, audit=False)
    return _set_status(request, referral, payload, side=services.PROVIDER)


@router.get("/incoming-referrals", response=list[IncomingOut], summary="List incoming referrals")
@requires("referral.submit", "case.write")
@paginate(Page)
def list_incoming_referrals(request: HttpRequest, filters: Query[IncomingFilters]):
    """Referrals your organisation submitted (status only) and those addressed to your
    counselling organisation (with contact data and reason in `received`)."""
    user = request.auth
    if filters.side == "submitted":
        incoming = selectors.submitted_by_organisations_of(user)
    elif filters.side == "received":
        incoming = selectors.incoming_of(user)
    else:
        incoming = selectors.incoming_visible_to(user)
    if filters.status:
        incoming = incoming.filter(status=filters.status)
    return incoming


@router.post("/incoming-referrals", response={201: IncomingOut, **EDIT_ERRORS}, summary="Refer a person to counselling")
@requires("referral.submit")
def create_incoming_referral(request: HttpRequest, payload: IncomingCreateIn):
    """Partner or authority staff (referral.submit) refer a person, with the person's consent,
    to a counselling organisation; afterwards they see only the status."""
    user = request.auth
    submitting = organisations_with(user, "referral.submit")
    if not submitting:
        raise PermissionDenied("referral.submit")
    to_organisation = selectors.receiving_organisations().filter(pk=payload.to_organisation_id).first()
    if to_organisation is None:
        raise invalid("to_organisation_id", _("No counselling organisation has this id."))
    data = payload.model_dump(exclude={"to_organisation_id", "district_id"})
    data["district"] = district(payload.district_id)
    incoming = services.incoming_submit(actor=user, from_organisation=submitting[0],
                                        to_organisation=to_organisation, data=data)
    return Status(201, incoming)
