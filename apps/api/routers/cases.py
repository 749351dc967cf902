"""/cases: the case list with its filters, one case, opening and changing cases."""

from django.db import transaction
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from apps.accounts.selectors import ensure_perm
from apps.api.pagination import Page
from apps.api.permissions import requires
from apps.api.routers.common import EDIT_ERRORS, invalid, office_in
from apps.api.schemas.cases import CaseCreateIn, CaseListFilters, CaseOut, CasePatchIn
from apps.api.schemas.common import ErrorOut, PathId, changed_fields
from apps.api.selectors import person_has_household
from apps.cases.models import Case, CaseStatus
from apps.cases.selectors import CaseFilters, case_for, search_cases
from apps.cases.services import case_close, case_open, case_transition, case_update
from apps.clients.models import Household
from apps.clients.selectors import households_visible_to, members_of, persons_visible_to
from apps.clients.services import household_create
from apps.core.errors import ConcurrentEditError

router = Router()


@router.get("", response=list[CaseOut], summary="List cases")
@requires("case.read")
@paginate(Page)
def list_cases(request: HttpRequest, filters: Query[CaseListFilters]):
    """Visible cases, filtered and ordered as in the case list of the web application."""
    case_filters = CaseFilters(
        query=filters.q, status=filters.status or "", office=filters.office,
        counsellor=filters.counsellor, nationality=filters.nationality, ordering=filters.ordering,
    )
    return search_cases(request.auth, case_filters).prefetch_related("assigned_counsellors")


def case_with_principal(user, case_id: int, *, audit: bool) -> Case:
    """case_for() plus the principal's name, as the list annotates it."""
    return _attach_principal(case_for(user, case_id, audit=audit))


def _attach_principal(case: Case) -> Case:
    principal = members_of(case.household).filter(is_principal=True).first()
    case.principal_id = principal.person_id if principal else None
    if principal:
        case.principal_family_name = principal.person.family_name
        case.principal_given_names = principal.person.given_names
    return case


@router.get("/{case_id}", response={200: CaseOut, 404: ErrorOut}, summary="Read a case")
@requires("case.read")
def get_case(request: HttpRequest, case_id: PathId):
    """One case; the read is audited (case.viewed)."""
    return case_with_principal(request.auth, case_id, audit=True)


def _household(user, payload: CaseCreateIn) -> Household:
    """The household given, or a new one around a person who has none yet. The household or
    person is what the new case belongs to: one the user may not see is a 404, as in a path."""
    if payload.household_id is not None:
        return get_object_or_404(households_visible_to(user), pk=payload.household_id)
    person = get_object_or_404(persons_visible_to(user), pk=payload.person_id)
    if person_has_household(person):
        raise invalid("person_id", _("This person already belongs to a household; give household_id."))
    return household_create(actor=user, principal=person)


@transaction.atomic
def _open(user, payload: CaseCreateIn) -> Case:
    household = _household(user, payload)
    return case_open(
        actor=user, household=household, office=office_in(household.organisation_id, payload.office_id),
        first_contact_source=payload.first_contact_source,
        intended_return_country=payload.intended_return_country, restricted=payload.restricted,
    )


@router.post("", response={201: CaseOut, **EDIT_ERRORS}, summary="Open a case")
@requires("case.write")
def create_case(request: HttpRequest, payload: CaseCreateIn):
    """A new case for a household (or for a person, who then gets a household)."""
    case = _open(request.auth, payload)
    return Status(201, case_with_principal(request.auth, case.pk, audit=False))


def _status_change(user, case: Case, payload: CasePatchIn) -> None:
    status, outcome = payload.status, payload.outcome
    moving = status is not None and status != case.status
    if outcome is not None and not (moving and status == CaseStatus.CLOSED):
        raise invalid("outcome", _("An outcome is given only when closing a case (status 'closed')."))
    if not moving:
        return
    if status == CaseStatus.CLOSED:
        case_close(actor=user, case=case, outcome=outcome or "", expected_version=case.version)
    else:
        case_transition(actor=user, case=case, to_status=status, expected_version=case.version)


@transaction.atomic
def _patch(user, case: Case, payload: CasePatchIn) -> None:
    ensure_perm(user, "case.write", case.organisation_id)
    if payload.version != case.version:
        raise ConcurrentEditError()
    data = changed_fields(payload, skip=("version", "status", "outcome", "office_id"))
    if "office_id" in payload.model_fields_set:
        data["office"] = office_in(case.organisation_id, payload.office_id)
    if data:
        case_update(actor=user, case=case, expected_version=case.version, data=data)
    _status_change(user, case, payload)


@router.patch("/{case_id}", response={200: CaseOut, **EDIT_ERRORS}, summary="Change a case")
@requires("case.write")
def update_case(request: HttpRequest, case_id: PathId, payload: CasePatchIn):
    """Change the fields sent and/or move the status on; `version` must be the one last
    read, else 409. All of it is applied, or none."""
    case = case_for(request.auth, case_id, audit=False)
    _patch(request.auth, case, payload)
    # Not fetched through case_for again: marking the case restricted may hide it from the
    # very user who just (legitimately) changed it.
    case.refresh_from_db()
    return _attach_principal(case)
