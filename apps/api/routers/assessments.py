"""Assessments, vulnerabilities and children's participation.

The same selectors as the web application decide what you see: vulnerabilities of a
sensitive type (health, sexuality, violence, trafficking) exist for you only if you hold
case.sensitive.read in the case's organisation.
"""

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.pagination import paginate

from apps.api.pagination import Page
from apps.api.permissions import requires, signed_in
from apps.api.routers.common import EDIT_ERRORS, invalid
from apps.api.schemas.assessments import (
    AssessmentCreateIn,
    AssessmentDetailOut,
    AssessmentOut,
    AssessmentQuestionOut,
    ChildParticipationCreateIn,
    ChildParticipationOut,
    VulnerabilityCreateIn,
    VulnerabilityDetailOut,
    VulnerabilityFields,
    VulnerabilityOut,
    VulnerabilityPatchIn,
    VulnerabilityTypeOut,
)
from apps.api.schemas.common import ErrorOut, PathId, changed_fields
from apps.assessments import selectors, services
from apps.assessments.models import AssessmentQuestion, VulnerabilityType
from apps.cases.selectors import case_for
from apps.clients.selectors import persons_of_household

router = Router()


# --- Lists ------------------------------------------------------------------------------

@router.get("/vulnerability-types", response=list[VulnerabilityTypeOut], summary="List vulnerability types")
@signed_in
def list_vulnerability_types(request: HttpRequest):
    """All vulnerability types (a network-wide list, no personal data), active or not."""
    return list(VulnerabilityType.objects.order_by("sort_order", "code"))


@router.get("/assessment-questions", response=list[AssessmentQuestionOut], summary="List assessment questions")
@signed_in
def list_assessment_questions(request: HttpRequest):
    """All assessment questions with their sections, in the order of the assessment form."""
    return list(AssessmentQuestion.objects.select_related("section").order_by(
        "section__sort_order", "section__code", "sort_order", "code"))


# --- Assessments ------------------------------------------------------------------------

@router.get("/cases/{case_id}/assessments", response=list[AssessmentOut],
            summary="List the assessment versions of a case")
@requires("case.read")
@paginate(Page)
def list_assessments(request: HttpRequest, case_id: PathId):
    """Every version of the case's individual assessment, newest first, without answers."""
    return selectors.assessments_of(case_for(request.auth, case_id))


@router.get("/assessments/{assessment_id}", response={200: AssessmentDetailOut, 404: ErrorOut},
            summary="Read one assessment version")
@requires("case.read")
def get_assessment(request: HttpRequest, assessment_id: PathId):
    """One version with its answers by question code; the read is audited (assessment.viewed)."""
    return selectors.assessment_for(request.auth, assessment_id)


@router.post("/cases/{case_id}/assessments", response={201: AssessmentDetailOut, **EDIT_ERRORS},
             summary="Record a new assessment version")
@requires("case.write")
def create_assessment(request: HttpRequest, case_id: PathId, payload: AssessmentCreateIn):
    """Version n+1; earlier versions never change. 409 when `expected_latest_version` is stale."""
    case = case_for(request.auth, case_id, audit=False)
    assessment = services.assessment_create(actor=request.auth, case=case, answers=payload.answers,
                                            note=payload.note, expected_latest_version=payload.expected_latest_version)
    return Status(201, assessment)


# --- Vulnerabilities --------------------------------------------------------------------

@router.get("/cases/{case_id}/vulnerabilities", response=list[VulnerabilityOut],
            summary="List the vulnerabilities of a case")
@requires("case.read")
@paginate(Page)
def list_vulnerabilities(request: HttpRequest, case_id: PathId):
    """Vulnerabilities you may see (open first), without their confidential texts."""
    return selectors.vulnerabilities_of(request.auth, case_for(request.auth, case_id))


@router.get("/vulnerabilities/{vulnerability_id}", response={200: VulnerabilityDetailOut, 404: ErrorOut},
            summary="Read a vulnerability")
@requires("case.read")
def get_vulnerability(request: HttpRequest, vulnerability_id: PathId):
    """One vulnerability with details and response notes; the read is audited."""
    return selectors.vulnerability_for(request.auth, vulnerability_id)


def _vulnerability_data(case, payload: VulnerabilityFields, current_type=None) -> dict:
    """The model fields sent, with person and type looked up (422 when unknown)."""
    data = changed_fields(payload, skip=("person_id", "type_code", "version"))
    sent = payload.model_fields_set
    if "person_id" in sent:
        data["person"] = persons_of_household(case.household_id).filter(pk=payload.person_id).first()
        if data["person"] is None:
            raise invalid("person_id", _("The person must be a member of the case's household."))
    if "type_code" in sent:
        found = VulnerabilityType.objects.filter(code=payload.type_code).first()
        if found is None or not (found.is_active or found == current_type):
            raise invalid("type_code", _("Unknown vulnerability type."))
        data["type"] = found
    if data.get("closed_reason") is None and "closed_reason" in data:
        data["closed_reason"] = ""
    return data


@router.post("/cases/{case_id}/vulnerabilities", response={201: VulnerabilityDetailOut, **EDIT_ERRORS},
             summary="Record a vulnerability")
@requires("case.write")
def create_vulnerability(request: HttpRequest, case_id: PathId, payload: VulnerabilityCreateIn):
    """A vulnerability of a household member; sensitive types need case.sensitive.read."""
    case = case_for(request.auth, case_id, audit=False)
    vulnerability = services.vulnerability_record(actor=request.auth, case=case,
                                                  data=_vulnerability_data(case, payload))
    return Status(201, vulnerability)


@router.patch("/vulnerabilities/{vulnerability_id}", response={200: VulnerabilityDetailOut, **EDIT_ERRORS},
              summary="Change or close a vulnerability")
@requires("case.write")
def update_vulnerability(request: HttpRequest, vulnerability_id: PathId, payload: VulnerabilityPatchIn):
    """Change the fields sent; `closed_on` closes it, null reopens it. 409 on a stale version."""
    vulnerability = selectors.vulnerability_for(request.auth, vulnerability_id, audit=False)
    data = _vulnerability_data(vulnerability.case, payload, current_type=vulnerability.type)
    return services.vulnerability_update(actor=request.auth, vulnerability=vulnerability,
                                         expected_version=payload.version, data=data)


# --- Children's participation -----------------------------------------------------------

@router.get("/cases/{case_id}/child-participations", response=list[ChildParticipationOut],
            summary="List the children's participation records of a case")
@requires("case.read")
@paginate(Page)
def list_child_participations(request: HttpRequest, case_id: PathId):
    """How each child of the household was informed and heard, newest first."""
    return selectors.participations_of(case_for(request.auth, case_id))


@router.post("/cases/{case_id}/child-participations", response={201: ChildParticipationOut, **EDIT_ERRORS},
             summary="Record a child's participation")
@requires("case.write")
def create_child_participation(request: HttpRequest, case_id: PathId, payload: ChildParticipationCreateIn):
    """The child must be a household member under 18; views are required unless hearing was not possible."""
    case = case_for(request.auth, case_id, audit=False)
    data = changed_fields(payload, skip=("child_id",))
    data["child"] = persons_of_household(case.household_id).filter(pk=payload.child_id).first()
    if data["child"] is None:
        raise invalid("child_id", _("Choose a child (under 18) of the case's household."))
    if data.get("heard_on") is None:
        data.pop("heard_on", None)
    return Status(201, services.participation_record(actor=request.auth, case=case, data=data))
