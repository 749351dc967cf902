"""Field types shared by the request and response schemas.

Every value that reaches the database is bounded here, so that garbage input is a 422 and
never a database error: ids fit a 64-bit integer, text follows the rules of
`apps.core.validation` (the same as the web forms: stripped, only storable characters, a
maximum length), dates lie between 1900 and 2100, lists are short enough for one IN clause.
"""

import re
from datetime import date, datetime, time
from functools import partial
from typing import Annotated, Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries
from ninja import Path, Schema
from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from apps.core import validation

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


def _rule(check, value, *args):
    """Run a rule of apps.core.validation; its translated message becomes pydantic's error."""
    try:
        return check(value, *args)
    except DjangoValidationError as error:
        raise PydanticCustomError(error.code, validation.message(error)) from None


def _clean(value: Any, *, limit: int, required: bool) -> Any:
    """The form fields' rule: stripped, only storable characters, at most `limit` characters,
    not empty when `required`. It runs before pydantic's own string handling, which lets a
    lone surrogate through to the database, and its messages are translated."""
    if not isinstance(value, str):
        return value
    value = _rule(validation.clean_text, value, limit)
    if required and not value:
        raise PydanticCustomError("required", str(_("This field is required.")))
    return value


# For schemathesis and other clients: which strings the rule above accepts (documentation
# only; the rule is enforced in Python). Lone surrogates are left out: no well-formed JSON
# text carries one, and regular expression engines refuse them in a character class.
# Vertical tab and form feed are accepted: the rule turns them into breaks (pasted text).
# A one-line text (up to SHORT_TEXT_MAX) refuses the bidirectional controls as well.
_STORABLE = "\\u0000-\\u0008\\u000e-\\u001f\\ufdd0-\\ufdef\\ufffe\\uffff"
_ONE_LINE = _STORABLE + validation.BIDI_CONTROLS


def _patterns(excluded: str) -> tuple[str, str]:
    return f"^[^{excluded}]*$", f"^[^{excluded}]*[^\\s\\u0085{excluded}][^{excluded}]*$"


def text(limit: int = validation.SHORT_TEXT_MAX, *, required: bool = False) -> Any:
    """A text field of at most `limit` characters (after stripping), not blank if `required`."""
    pattern, required_pattern = _patterns(_ONE_LINE if limit <= validation.SHORT_TEXT_MAX else _STORABLE)
    return Annotated[str, Field(min_length=1 if required else 0, max_length=limit, json_schema_extra={
        "pattern": required_pattern if required else pattern}),
        BeforeValidator(partial(_clean, limit=limit, required=required))]


def _in_range(value: date | datetime) -> date | datetime:
    return _rule(validation.check_date, value)


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


def _iso(pattern: re.Pattern, kind: str):
    """Only ISO 8601 text (or an already parsed value): pydantic would otherwise read a number
    such as 2.57e-270 as seconds since 1970, which the documented format does not allow."""

    def check(value: Any) -> Any:
        if isinstance(value, str) and pattern.match(value):
            return value
        if isinstance(value, date) and not isinstance(value, str):
            return value
        raise PydanticCustomError(f"{kind}_format", "Enter the {kind} in ISO 8601 format.", {"kind": kind})

    return BeforeValidator(check)


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
# Text as people type it (see text()): a short one-line text, a long free text, and the
# same where a value is required.
ShortText = text(validation.SHORT_TEXT_MAX)
LongText = text(validation.LONG_TEXT_MAX)
Text = LongText
RequiredText = text(validation.LONG_TEXT_MAX, required=True)
RequiredShortText = text(validation.SHORT_TEXT_MAX, required=True)
SearchText = text(validation.SEARCH_MAX)
# A code or key that the server looks up (topic codes, question codes).
Code = text(50)
SaneDate = Annotated[date, _iso(_ISO_DATE, "date"), AfterValidator(_in_range)]
CountryCode = Annotated[str, Field(max_length=2, json_schema_extra={"pattern": "^([A-Za-z]{2})?$"}),
                        AfterValidator(_country)]
LanguageCode = Annotated[str, Field(pattern=r"^[a-z]{2,3}$")]
AwareDateTime = Annotated[datetime, _iso(_ISO_DATETIME, "date-time"), AfterValidator(_in_range),
                          AfterValidator(_aware)]
SaneDateTime = AwareDateTime
IdList = Annotated[list[Id], Field(max_length=MAX_LIST)]
# A wall-clock time of day (Europe/Berlin) as the API writes it, "09:30:00". JSON Schema's
# `time` format demands an offset, which a time of day without a date cannot honestly have.
LocalTime = Annotated[time, WithJsonSchema({
    "type": "string", "pattern": r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?$",
    "description": "Local time of day (Europe/Berlin), HH:MM:SS."})]


class InputSchema(Schema):
    """Request bodies reject unknown fields, so that a misspelt field is an error, not ignored."""

    model_config = ConfigDict(extra="forbid")


def named_enum(choices: type, name: str) -> Any:
    """An enum field documented under its own name. Pydantic names an enum after its class,
    so ReintegrationPlan.Status and PlanActivity.Status would both be `Status`, and ninja
    keeps only one of them in the OpenAPI document."""
    return Annotated[choices, WithJsonSchema({"title": name, "type": "string",
                                              "enum": [member.value for member in choices]})]


class ErrorOut(Schema):
    detail: str


class ErrorItemOut(Schema):
    loc: list[str | int] = Field(description='Where: ["body", "payload", field, …], ["query", name] or ["path", name].')
    msg: str
    type: str


class ValidationErrorOut(Schema):
    """The body of every 422: one entry per rejected value."""

    detail: list[ErrorItemOut]


def changed_fields(payload: Schema, *, skip: tuple[str, ...] = ()) -> dict:
    """The fields the client actually sent (PATCH semantics), minus `skip`."""
    data = payload.model_dump(exclude_unset=True)
    return {k: v for k, v in data.items() if k not in skip}
