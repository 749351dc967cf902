"""Persons and households as the API shows and accepts them."""

from datetime import date, datetime
from typing import Annotated

from ninja import Schema
from pydantic import Field

from apps.api.schemas.common import CountryCode, Id, InputSchema, LanguageCode, RequiredText, Text, Version, all_of
from apps.clients.models import HouseholdMember, Person, PersonLanguage


class PersonListFilters(Schema):
    q: Text = Field("", max_length=200, description="Name in any spelling or transliteration.")


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

    family_name: RequiredText = None
    given_names: Text = None
    name_variants: Text = None
    birth_date: date | None = None
    birth_date_precision: Person.BirthDatePrecision = None
    sex: Person.Sex = None
    nationalities: Annotated[list[CountryCode], Field(max_length=10)] = None
    phone: Text = None
    email: Text = None
    street: Text = None
    postcode: Text = None
    city: Text = None
    district_id: Id | None = None
    residence_status: Person.ResidenceStatus = None
    residence_valid_until: date | None = None
    bamf_file_number: Text = None
    languages: Annotated[list[LanguageSchema], Field(max_length=20)] = None


class PersonCreateIn(PersonFields):
    family_name: RequiredText
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
