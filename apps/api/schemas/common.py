"""Field types shared by the request and response schemas.

Every value that reaches the database is bounded here, so that garbage input is a 422 and
never a database error: ids fit a 64-bit integer, strings carry no NUL character (PostgreSQL
refuses them), lists are short enough for one IN clause.
"""

from datetime import datetime
from typing import Annotated

from django.utils import timezone
from django_countries import countries
from ninja import Path, Schema
from pydantic import AfterValidator, ConfigDict, Field

MAX_ID = 2**63 - 1
MAX_LIST = 50


def attribute(path: str) -> staticmethod:
    """A resolver (`resolve_<field> = attribute("programme.code")`) reading a dotted
    attribute path of the object."""
    names = path.split(".")

    def resolve(obj):
        for name in names:
            obj = getattr(obj, name)
        return obj

    return staticmethod(resolve)


def all_of(relation: str) -> staticmethod:
    """A resolver (`resolve_<field> = all_of("members")`) listing a related manager's rows."""
    return staticmethod(lambda obj: list(getattr(obj, relation).all()))


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    return value


def _country(value: str) -> str:
    code = value.upper()
    if code and code not in countries:
        raise ValueError(f"'{value}' is not an ISO 3166 country code")
    return code


def _aware(value: datetime) -> datetime:
    """Times without an offset are read in the installation's time zone (Europe/Berlin)."""
    return timezone.make_aware(value) if timezone.is_naive(value) else value


Id = Annotated[int, Field(ge=1, le=MAX_ID)]
PathId = Annotated[int, Path(ge=1, le=MAX_ID)]
Version = Annotated[
    int, Field(ge=1, le=2**31 - 1, description="The version you last read; a stale one gives 409.")
]
Text = Annotated[str, AfterValidator(_no_nul)]
RequiredText = Annotated[str, Field(min_length=1), AfterValidator(_no_nul)]
CountryCode = Annotated[str, Field(max_length=2), AfterValidator(_country)]
LanguageCode = Annotated[str, Field(pattern=r"^[a-z]{2,3}$")]
AwareDateTime = Annotated[datetime, AfterValidator(_aware)]
IdList = Annotated[list[Id], Field(max_length=MAX_LIST)]


class InputSchema(Schema):
    """Request bodies reject unknown fields, so that a misspelt field is an error, not ignored."""

    model_config = ConfigDict(extra="forbid")


class ErrorOut(Schema):
    detail: str


def changed_fields(payload: Schema, *, skip: tuple[str, ...] = ()) -> dict:
    """The fields the client actually sent (PATCH semantics), minus `skip`."""
    data = payload.model_dump(exclude_unset=True)
    return {k: v for k, v in data.items() if k not in skip}
