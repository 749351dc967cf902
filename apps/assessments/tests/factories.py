"""Helpers for tests of assessments (used by the API tests too)."""

from datetime import date

from django.utils import timezone

from apps.assessments import services
from apps.assessments.defaults import ensure_default_taxonomy
from apps.assessments.models import VulnerabilityType
from apps.clients import services as client_services


def vtype(code: str) -> VulnerabilityType:
    ensure_default_taxonomy()
    return VulnerabilityType.objects.get(code=code)


def principal_of(case):
    return case.household.members.get(is_principal=True).person


def add_member(actor, case, given_names="Sara", relationship="child", birth_date: date | None = None, **data):
    """A new person in the case's household (default: a child of eight)."""
    if birth_date is None and relationship == "child" and "no_birth_date" not in data:
        birth_date = timezone.localdate().replace(year=timezone.localdate().year - 8, day=1)
    data.pop("no_birth_date", None)
    person = client_services.person_create(
        actor=actor, organisation=case.organisation,
        data={"family_name": "Hosseini", "given_names": given_names, "birth_date": birth_date, **data})
    client_services.household_add_member(actor=actor, household=case.household, person=person,
                                         relationship=relationship)
    return person


def record_vulnerability(actor, case, code="single_parent", person=None, **data):
    values = {"person": person or principal_of(case), "type": vtype(code), "identified_how": "self_disclosed",
              "severity": "medium", **data}
    if values["type"].asks_pregnancy_week:
        values.setdefault("pregnancy_week", 20)
    return services.vulnerability_record(actor=actor, case=case, data=values)


def hear_child(actor, case, child, **data):
    values = {"child": child, "how_heard": "with_parent", "child_views": "I want to stay with my friends.",
              "best_interests": "Schooling should continue without a break.", **data}
    return services.participation_record(actor=actor, case=case, data=values)
