"""Factories and persona builders shared by every app's tests (factory_boy)."""

import factory
from django.utils import timezone

from apps.accounts.models import Membership, Office, Organisation, Role, User
from apps.cases import services as case_services
from apps.clients import services as client_services
from apps.clients.models import Person

TEST_PASSWORD = "correct horse battery staple 42"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"Organisation {n}")
    code = factory.Sequence(lambda n: f"ORG{n}")
    kind = Organisation.Kind.COUNSELLING_PROVIDER


class OfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Office

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Office {n}")
    kind = Office.Kind.OFFICE


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Sequence(lambda n: f"User {n}")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def persist_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def ensure_reference_data() -> None:
    """Roles, topics and districts come from data migrations; a transactional test's flush
    empties them, so fixtures put them back (idempotent, cheap when present)."""
    from apps.accounts.roles import DEFAULT_ROLES
    from apps.cases.models import Topic
    from apps.cases.topics import DEFAULT_TOPICS
    from apps.regions import importers
    from apps.regions.models import District, Postcode

    for code, name, name_en, permissions in DEFAULT_ROLES:
        Role.objects.get_or_create(code=code, defaults={"name": name, "name_en": name_en,
                                                        "permissions": permissions})
    for order, (code, name, name_en) in enumerate(DEFAULT_TOPICS):
        Topic.objects.get_or_create(code=code, defaults={"name": name, "name_en": name_en, "sort_order": order})
    if not District.objects.exists():
        importers.import_default(District, Postcode)
    from apps.assessments.defaults import ensure_default_taxonomy

    ensure_default_taxonomy()
    from apps.programmes.defaults import ensure_default_programmes

    ensure_default_programmes()
    from apps.reintegration.models import Survey, SurveyDimension, SurveyQuestion, SurveyScale
    from apps.reintegration.survey_rss import ensure_survey

    ensure_survey(Survey, SurveyDimension, SurveyScale, SurveyQuestion)
    from apps.referrals.service_types import ensure_service_types

    ensure_service_types()
    from apps.reports.indicators.shipped import ensure_shipped
    from apps.reports.models import Indicator

    ensure_shipped(Indicator)


def member(organisation: Organisation, role_code: str, *, email: str | None = None,
           office: Office | None = None) -> User:
    """A user holding one role in one organisation."""
    user = UserFactory(**({"email": email} if email else {}))
    Membership.objects.create(
        user=user, organisation=organisation, role=Role.objects.get(code=role_code), office=office
    )
    return user


def make_person(actor, organisation, family_name="Hosseini", given_names="Mohammad", **data) -> Person:
    data.setdefault("birth_date", timezone.localdate().replace(year=1990, month=5, day=17))
    return client_services.person_create(
        actor=actor, organisation=organisation,
        data={"family_name": family_name, "given_names": given_names, **data},
        languages=[("fa", "native")],
    )


def make_case(actor, organisation, *, family_name="Hosseini", given_names="Mohammad",
              restricted=False, office=None, **person_data):
    person = make_person(actor, organisation, family_name, given_names, **person_data)
    household = client_services.household_create(actor=actor, principal=person)
    return case_services.case_open(actor=actor, household=household, restricted=restricted, office=office)
