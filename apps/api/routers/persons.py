"""/persons: clients and family members of the organisations the user works for."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from apps.accounts.selectors import organisations_with
from apps.api.pagination import Page
from apps.api.permissions import requires
from apps.api.routers.common import EDIT_ERRORS, district
from apps.api.schemas.common import PathId, changed_fields
from apps.api.schemas.persons import PersonCreateIn, PersonListFilters, PersonOut, PersonPatchIn
from apps.clients.selectors import person_for, persons_visible_to, search_persons
from apps.clients.services import person_create, person_update

router = Router()


@router.get("", response=list[PersonOut], summary="List persons")
@requires("case.read")
@paginate(Page)
def list_persons(request: HttpRequest, filters: Query[PersonListFilters]):
    """Visible persons by name; `q` matches any spelling of the names."""
    query = filters.q.strip()
    persons = search_persons(request.auth, query) if query else persons_visible_to(request.auth)
    return persons.prefetch_related("languages").order_by("family_name", "given_names", "id")


@router.get("/{person_id}", response={200: PersonOut, **EDIT_ERRORS}, summary="Read a person")
@requires("case.read")
def get_person(request: HttpRequest, person_id: PathId):
    """One person; the read is audited (person.viewed)."""
    return person_for(request.auth, person_id)


def _data(payload) -> tuple[dict, list | None]:
    data = changed_fields(payload, skip=("version", "organisation_id", "languages", "district_id"))
    if "district_id" in payload.model_fields_set:
        data["district"] = district(payload.district_id)
    languages = payload.languages
    pairs = None if languages is None else [(x.language, x.level) for x in languages]
    return data, pairs


def _target_organisation(user, organisation_id: int | None):
    """The organisation to create in: the one given, or the only one the user may write in."""
    allowed = organisations_with(user, "case.write")
    if organisation_id is not None:
        match = [o for o in allowed if o.pk == organisation_id]
        if not match:
            raise PermissionDenied("case.write")
        return match[0]
    if not allowed:
        raise PermissionDenied("case.write")
    if len(allowed) > 1:
        raise ValidationError({"organisation_id": _(
            "You work for several organisations; say in which one to create the person."
        )})
    return allowed[0]


@router.post("", response={201: PersonOut, **EDIT_ERRORS}, summary="Create a person")
@requires("case.write")
def create_person(request: HttpRequest, payload: PersonCreateIn):
    """A new person in the organisation given (or the only one you may write in)."""
    organisation = _target_organisation(request.auth, payload.organisation_id)
    data, languages = _data(payload)
    person = person_create(actor=request.auth, organisation=organisation, data=data,
                           languages=languages or ())
    return Status(201, person_for(request.auth, person.pk, audit=False))


@router.patch("/{person_id}", response={200: PersonOut, **EDIT_ERRORS}, summary="Change a person")
@requires("case.write")
def update_person(request: HttpRequest, person_id: PathId, payload: PersonPatchIn):
    """Change the fields sent; `version` must be the one last read, else 409."""
    person = person_for(request.auth, person_id, audit=False)
    data, languages = _data(payload)
    person = person_update(actor=request.auth, person=person, expected_version=payload.version,
                           data=data, languages=languages)
    return person_for(request.auth, person.pk, audit=False)
