"""Small helpers the routers share: documented error responses, turning ids from a request
body into objects."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from apps.accounts.selectors import colleagues_of, offices_of
from apps.api.schemas.common import ErrorOut
from apps.api.selectors import district_with_id, topics_with_codes
from apps.clients.selectors import persons_visible_to

# The error responses a route on one record documents: forbidden, not found (or not
# visible), and for routes that write under optimistic locking also a stale version.
RECORD_ERRORS = {403: ErrorOut, 404: ErrorOut}
EDIT_ERRORS = {**RECORD_ERRORS, 409: ErrorOut}


def invalid(field: str, message: str) -> ValidationError:
    """A 422 pointing at one field of the request body."""
    return ValidationError({field: message})


def one_in(queryset, pk: int | None, field: str, message: str):
    """The object of `queryset` with id `pk`, None for None, else a 422 on `field` saying `message`."""
    if pk is None:
        return None
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise invalid(field, message)
    return found


def all_in(queryset, ids: list[int], field: str, message: str) -> list:
    """The objects of `queryset` with these ids; any other id is a 422 on `field` saying `message`."""
    found = list(queryset.filter(pk__in=set(ids)))
    if len(found) != len(set(ids)):
        raise invalid(field, message)
    return found


def office_in(organisation_id: int, office_id: int | None):
    """The active office of that organisation, None for None, else 422."""
    return one_in(offices_of([organisation_id]), office_id, "office_id",
                  _("No active office with this id in the record's organisation."))


def district(district_id: int | None):
    if district_id is None:
        return None
    found = district_with_id(district_id)
    if found is None:
        raise invalid("district_id", _("No district with this id."))
    return found


def colleague(actor, organisation_id: int, user_id: int | None, field: str = "assignee_id"):
    """An active member of the organisation, None for None, else 422."""
    return one_in(colleagues_of(actor, organisation_id), user_id, field,
                  _("No active member of the case's organisation has this id."))


def persons_with_ids(user, ids: list[int]) -> list:
    """The visible persons with these ids; any other id is a 422 (without saying why)."""
    return all_in(persons_visible_to(user), ids, "participant_ids", _("At least one participant id is unknown."))


def topics(codes: list[str]) -> list:
    found = topics_with_codes(codes)
    unknown = sorted(set(codes) - set(found))
    if unknown:
        raise invalid("topic_codes", _("Unknown topic codes: %(codes)s") % {"codes": ", ".join(unknown)})
    return list(found.values())
