"""Persons and households as the API shows and accepts them."""

from datetime import date, datetime
from typing import Annotated

from ninja import Schema
from pydantic import Field

from apps.api.schemas.common import (
    CountryCode,
    Id,
    InputSchema,
    LanguageCode,
    SaneDate,
    Version,
    all_of,
    text,
)
from apps.clients.models import HouseholdMember, Person, PersonLanguage


class PersonListFilters(Schema):
    q: text(200) = Field("", description="Name in any spelling or transliteration.")


class LanguageSchema(Schema):
    language: LanguageCode
    level: PersonLanguage.Level


class PersonOut(Schema):
    id: int
    organisation_id: int
    family_name: str
    given_names: str
    name_variants: str
    birth_date: date | None
    birth_date_precision: Person.BirthDatePrecision
    sex: Person.Sex
    nationalities: list[str]
    phone: str
    email: str
    street: str
    postcode: str
    city: str
    district_id: int | None
    residence_status: Person.ResidenceStatus
    residence_valid_until: date | None
    bamf_file_number: str
    languages: list[LanguageSchema]
    created_at: datetime
    updated_at: datetime
    version: int

    @staticmethod
    def resolve_nationalities(obj: Person) -> list[str]:
        return [country.code for country in obj.nationalities]

    @staticmethod
    def resolve_phone(obj: Person) -> str:
        return str(obj.phone) if obj.phone else ""

    @staticmethod
    def resolve_languages(obj: Person) -> list[dict]:
        return [{"language": x.language, "level": x.level} for x in obj.languages.all()]


class PersonFields(InputSchema):
    """Editable fields of a person. Leaving a field out keeps (PATCH) or defaults (POST) it."""

    family_name: text(150, required=True) = None
    given_names: text(150) = None
    name_variants: text(2000) = None
    birth_date: SaneDate | None = None
    birth_date_precision: Person.BirthDatePrecision = None
    sex: Person.Sex = None
    nationalities: Annotated[list[CountryCode], Field(max_length=10)] = None
    phone: text(40) = None
    email: text(254) = None
    street: text(200) = None
    postcode: text(5) = None
    city: text(100) = None
    district_id: Id | None = None
    residence_status: Person.ResidenceStatus = None
    residence_valid_until: SaneDate | None = None
    bamf_file_number: text(30) = None
    languages: Annotated[list[LanguageSchema], Field(max_length=20)] = None


class PersonCreateIn(PersonFields):
    family_name: text(150, required=True)
    organisation_id: Id | None = Field(
        None, description="Needed only when you may create records in more than one organisation."
    )


class PersonPatchIn(PersonFields):
    version: Version


class MemberOut(Schema):
    person_id: int
    relationship: HouseholdMember.Relationship
    is_principal: bool
    family_name: str
    given_names: str

    @staticmethod
    def resolve_family_name(obj: HouseholdMember) -> str:
        return obj.person.family_name

    @staticmethod
    def resolve_given_names(obj: HouseholdMember) -> str:
        return obj.person.given_names


class HouseholdOut(Schema):
    id: int
    organisation_id: int
    created_at: datetime
    members: list[MemberOut]

    resolve_members = all_of("members")
