"""Country information: /country-contacts, /country-information (knowledge),
/cases/{id}/country-requests, /country-requests/{id} and /cases/{id}/virtual-counselling."""

from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from apps.api.pagination import Page
from apps.api.permissions import requires
from apps.api.routers.common import RECORD_ERRORS, one_in, persons_with_ids
from apps.api.schemas.common import ErrorOut, PathId, changed_fields
from apps.api.schemas.countryinfo import (
    ContactCreateIn,
    ContactFilters,
    ContactOut,
    KnowledgeFilters,
    KnowledgeOut,
    RequestCreateIn,
    RequestOut,
    RequestPatchIn,
    VirtualCounsellingCreateIn,
    VirtualCounsellingOut,
)
from apps.cases.selectors import case_for
from apps.countryinfo import selectors, services
from apps.countryinfo.models import CountryInformationRequest

router = Router()


def _contact(user, contact_id: int | None, field: str):
    """An active contact of the directory, None for None, else 422."""
    return one_in(selectors.contacts_visible_to(user), contact_id, field,
                  _("No active contact in a country of origin has this id."))


# --- Contacts --------------------------------------------------------------------------------

@router.get("/country-contacts", response=list[ContactOut], summary="List contacts in countries of origin")
@requires("case.read")
@paginate(Page)
def list_country_contacts(request: HttpRequest, filters: Query[ContactFilters]):
    """Active counselling contacts in countries of origin (network-wide directory), filtered by
    country, language (ISO 639) and channel. Empty without case.read."""
    return selectors.search_contacts(request.auth, selectors.ContactFilters(
        country=filters.country, language=filters.language, channel=filters.channel))


@router.get("/country-contacts/{contact_id}", response={200: ContactOut, 404: ErrorOut},
            summary="Read a contact in a country of origin")
@requires("case.read")
def get_country_contact(request: HttpRequest, contact_id: PathId):
    """One active contact of the directory."""
    return selectors.contact_for(request.auth, contact_id)


@router.post("/country-contacts", response={201: ContactOut, **RECORD_ERRORS},
             summary="Add a contact in a country of origin")
@requires("directory.manage")
def create_country_contact(request: HttpRequest, payload: ContactCreateIn):
    """A new entry in the network-wide directory; needs directory.manage."""
    data = payload.model_dump()
    data["channels"] = [str(channel) for channel in payload.channels]
    contact = services.contact_create(actor=request.auth, data=data)
    return Status(201, contact)


# --- Knowledge and requests ----------------------------------------------------------------------

@router.get("/country-information", response=list[KnowledgeOut], summary="Search country information")
@requires("case.read")
@paginate(Page)
def search_country_information(request: HttpRequest, filters: Query[KnowledgeFilters]):
    """Answered requests of your organisations as anonymised knowledge, newest answer first:
    free text in question and answer, country, topic. Never the case or the author."""
    return selectors.knowledge(request.auth, selectors.KnowledgeFilters(
        query=filters.q, country=filters.country, topic=filters.topic))


@router.get("/cases/{case_id}/country-requests", response=list[RequestOut],
            summary="List the country-information requests of a case")
@requires("case.read")
@paginate(Page)
def list_country_requests(request: HttpRequest, case_id: PathId):
    """Requests linked to one visible case, newest first."""
    case = case_for(request.auth, case_id)
    return selectors.requests_of(case).annotate(visible_case_id=F("case_id"))


def _with_case_link(user, request_obj: CountryInformationRequest) -> CountryInformationRequest:
    case = selectors.request_case_link(user, request_obj)
    request_obj.visible_case_id = case.pk if case else None
    return request_obj


@router.post("/cases/{case_id}/country-requests", response={201: RequestOut, **RECORD_ERRORS},
             summary="Create a country-information request")
@requires("case.write")
def create_country_request(request: HttpRequest, case_id: PathId, payload: RequestCreateIn):
    """A request linked to this case. The question must carry no names, dates of birth, file
    numbers, phone numbers or e-mail addresses: otherwise 422 listing each finding."""
    case = case_for(request.auth, case_id, audit=False)
    data = changed_fields(payload, skip=("recipient_id",))
    data["recipient"] = _contact(request.auth, payload.recipient_id, "recipient_id")
    created = services.request_create(actor=request.auth, organisation=case.organisation, case=case, data=data)
    return Status(201, _with_case_link(request.auth, created))


@router.get("/country-requests/{request_id}", response={200: RequestOut, 404: ErrorOut},
            summary="Read a country-information request")
@requires("case.read")
def get_country_request(request: HttpRequest, request_id: PathId):
    """One request of your organisations; the read is audited (country_request.viewed)."""
    return _with_case_link(request.auth, selectors.request_for(request.auth, request_id))


@transaction.atomic
def _patch(user, request_obj: CountryInformationRequest, payload: RequestPatchIn) -> CountryInformationRequest:
    data = changed_fields(payload, skip=("version", "recipient_id", "answer", "answered_on"))
    if "recipient_id" in payload.model_fields_set:
        data["recipient"] = _contact(user, payload.recipient_id, "recipient_id")
    version = payload.version
    if data:
        request_obj = services.request_update(actor=user, request=request_obj, expected_version=version, data=data)
        version = request_obj.version
    if payload.answer is not None:
        request_obj = services.request_answer(actor=user, request=request_obj, expected_version=version,
                                              answer=payload.answer, answered_on=payload.answered_on)
    return request_obj


@router.patch("/country-requests/{request_id}", response={200: RequestOut, **RECORD_ERRORS},
              summary="Change or answer a country-information request")
@requires("case.write")
def update_country_request(request: HttpRequest, request_id: PathId, payload: RequestPatchIn):
    """Change the fields sent; `sent_on` marks a draft as sent, `answer` records the answer.
    Question and answer are checked for identifiers (422 listing each finding)."""
    request_obj = selectors.request_for(request.auth, request_id, audit=False)
    return _with_case_link(request.auth, _patch(request.auth, request_obj, payload))


# --- Virtual counselling -------------------------------------------------------------------------

@router.get("/cases/{case_id}/virtual-counselling", response=list[VirtualCounsellingOut],
            summary="List the virtual counselling sessions of a case")
@requires("case.read")
@paginate(Page)
def list_virtual_counselling(request: HttpRequest, case_id: PathId):
    """Virtual counselling with counterparts in countries of origin, newest first."""
    return selectors.virtual_counselling_of(case_for(request.auth, case_id))


@router.post("/cases/{case_id}/virtual-counselling", response={201: VirtualCounsellingOut, **RECORD_ERRORS},
             summary="Schedule virtual counselling")
@requires("case.write")
def schedule_virtual_counselling(request: HttpRequest, case_id: PathId, payload: VirtualCounsellingCreateIn):
    """A counselling session (channel virtual_origin_country) with a contact in the country of
    origin. Every participant needs a valid consent to disclosure to a partner in the country
    of origin; otherwise 422 naming who lacks it."""
    case = case_for(request.auth, case_id, audit=False)
    virtual = services.virtual_counselling_schedule(
        actor=request.auth, case=case, contact=_contact(request.auth, payload.contact_id, "contact_id"),
        scheduled_for=payload.scheduled_for, participants=persons_with_ids(request.auth, payload.participant_ids),
        language=payload.language, duration_minutes=payload.duration_minutes,
        interpreter_used=payload.interpreter_used, interpreter_name=payload.interpreter_name)
    return Status(201, virtual)
