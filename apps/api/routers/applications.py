"""Programme applications: /cases/{id}/applications, /applications/{id}, its transitions and export."""

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.pagination import paginate

from apps.api.pagination import Page
from apps.api.permissions import requires
from apps.api.routers.common import EDIT_ERRORS, RECORD_ERRORS, all_in, one_in
from apps.api.schemas.applications import ApplicationCreateIn, ApplicationOut, TransitionIn
from apps.api.schemas.common import ErrorOut, PathId
from apps.applications import selectors, services
from apps.cases.selectors import case_for
from apps.clients.selectors import persons_of_household

router = Router()


@router.get("/cases/{case_id}/applications", response=list[ApplicationOut], summary="List a case's applications")
@requires("case.read")
@paginate(Page)
def list_case_applications(request: HttpRequest, case_id: PathId):
    """Programme applications of one visible case, newest first."""
    return selectors.applications_of(case_for(request.auth, case_id, audit=False))


@router.post("/cases/{case_id}/applications", response={201: ApplicationOut, **RECORD_ERRORS},
             summary="Create an application")
@requires("case.write")
def create_application(request: HttpRequest, case_id: PathId, payload: ApplicationCreateIn):
    """A draft application for a programme version still valid, with the travelling household members."""
    case = case_for(request.auth, case_id, audit=False)
    version = one_in(selectors.selectable_programme_versions(), payload.programme_version_id,
                     "programme_version_id", _("No valid programme version has this id."))
    members = all_in(persons_of_household(case.household_id), payload.member_ids, "member_ids",
                     _("Every member must belong to the case's household."))
    data = payload.model_dump(exclude={"programme_version_id", "member_ids"})
    application = services.application_create(actor=request.auth, case=case, programme_version=version,
                                              members=members, data=data)
    return Status(201, application)


@router.get("/applications/{application_id}", response={200: ApplicationOut, 404: ErrorOut},
            summary="Read an application")
@requires("case.read")
def get_application(request: HttpRequest, application_id: PathId):
    """An application of a visible case with its status and the transitions now allowed."""
    return selectors.application_for(request.auth, application_id)


@router.post("/applications/{application_id}/transition", response={200: ApplicationOut, **EDIT_ERRORS},
             summary="Change an application's status")
@requires("case.write")
def transition_application(request: HttpRequest, application_id: PathId, payload: TransitionIn):
    """Move the application along its status machine. Refused (422) when the checklist or another
    precondition does not hold (e.g. no GÜB before travel booking); 409 on a stale version."""
    application = selectors.application_for(request.auth, application_id, audit=False)
    data = payload.model_dump(exclude={"to", "version"})
    return services.application_transition(actor=request.auth, application=application, to_status=payload.to,
                                           expected_version=payload.version, data=data)


@router.get("/applications/{application_id}/export", response={200: dict, 404: ErrorOut},
            summary="Export an application")
@requires("case.read")
def export_application(request: HttpRequest, application_id: PathId):
    """The application data structured for copying into the BAMF's online application module
    (ReturnNet does not call the OAM); audited as an export."""
    application = selectors.application_for(request.auth, application_id, audit=False)
    return selectors.application_export(request.auth, application)
