from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.assessments import selectors, services
from apps.assessments.tests.factories import add_member, hear_child, record_vulnerability
from apps.core.registry import person_badges

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_vulnerabilities(personas, iom_case):
    return (record_vulnerability(personas.counsellor, iom_case, "single_parent"),
            record_vulnerability(personas.counsellor, iom_case, "trafficking"))


def test_counsellors_see_sensitive_vulnerabilities_hotline_agents_do_not(personas, iom_case, two_vulnerabilities):
    ordinary, sensitive = two_vulnerabilities
    seen = lambda user: {v.pk for v in selectors.vulnerabilities_of(user, iom_case)}  # noqa: E731
    assert seen(personas.counsellor) == seen(personas.team_lead) == {ordinary.pk, sensitive.pk}
    assert seen(personas.hotline) == {ordinary.pk}
    assert {v.pk for v in selectors.vulnerabilities_visible_to(personas.hotline)} == {ordinary.pk}
    assert selectors.vulnerabilities_visible_to(personas.hotline).count() == 1
    assert selectors.vulnerability_for(personas.counsellor, sensitive.pk).pk == sensitive.pk
    with pytest.raises(Http404):
        selectors.vulnerability_for(personas.hotline, sensitive.pk)


def test_other_organisations_and_restricted_cases_hide_vulnerabilities(personas, restricted_case,
                                                                     two_vulnerabilities):
    ordinary, _sensitive = two_vulnerabilities
    assert not selectors.vulnerabilities_visible_to(personas.diakonie_counsellor).exists()
    with pytest.raises(Http404):
        selectors.vulnerability_for(personas.diakonie_counsellor, ordinary.pk)
    hidden = record_vulnerability(personas.counsellor, restricted_case)
    with pytest.raises(Http404):
        selectors.vulnerability_for(personas.counsellor_speyer, hidden.pk)
    assert selectors.vulnerability_for(personas.team_lead, hidden.pk)


def test_badges_show_open_visible_vulnerabilities_in_two_queries(personas, iom_case, two_vulnerabilities):
    ordinary, sensitive = two_vulnerabilities
    child = add_member(personas.counsellor, iom_case)
    record_vulnerability(personas.counsellor, iom_case, "unaccompanied_child", person=child)
    closed = record_vulnerability(personas.counsellor, iom_case, "older_person")
    services.vulnerability_close(actor=personas.counsellor, vulnerability=closed, expected_version=1,
                                 closed_on=timezone.localdate())
    with CaptureQueriesContext(connection) as queries:
        badges = selectors.open_vulnerability_badges(personas.counsellor, iom_case)
    assert len(queries) == 2  # the vulnerabilities, then their types (the type is an encrypted code)
    assert badges == {
        ordinary.person_id: [{"label": "Single parent", "code": "single_parent", "css": "warning"},
                             {"label": "(Potential) victim of trafficking", "code": "trafficking",
                              "css": "sensitive"}],
        child.pk: [{"label": "Unaccompanied or separated child", "code": "unaccompanied_child", "css": "warning"}],
    }
    hotline_badges = person_badges(personas.hotline, iom_case)
    assert "(Potential) victim of trafficking" not in str(hotline_badges)
    assert "'trafficking'" not in str(hotline_badges)
    assert "Single parent" in str(hotline_badges)


def test_recordable_types_exclude_sensitive_ones_for_hotline_agents(personas, orgs):
    codes = lambda user: set(  # noqa: E731
        selectors.vulnerability_types_for(user, orgs.iom.pk).values_list("code", flat=True))
    assert "trafficking" in codes(personas.counsellor) and "single_parent" in codes(personas.counsellor)
    assert "trafficking" not in codes(personas.hotline) and "pregnancy" not in codes(personas.hotline)
    assert "single_parent" in codes(personas.hotline)


def test_participation_is_complete_without_children(personas, iom_case):
    add_member(personas.counsellor, iom_case, "Ali", relationship="partner", birth_date=date(1985, 1, 1))
    assert selectors.child_participation_complete(iom_case)
    assert selectors.children_without_participation(iom_case) == []


def test_a_child_without_a_record_makes_it_incomplete_until_heard(personas, iom_case):
    child = add_member(personas.counsellor, iom_case)
    assert not selectors.child_participation_complete(iom_case)
    assert selectors.children_without_participation(iom_case) == [child]
    hear_child(personas.counsellor, iom_case, child)
    assert selectors.child_participation_complete(iom_case)


def test_every_child_must_be_heard(personas, iom_case):
    first = add_member(personas.counsellor, iom_case, "Sara")
    second = add_member(personas.counsellor, iom_case, "Omid", birth_date=date(2015, 6, 1))
    hear_child(personas.counsellor, iom_case, first)
    assert selectors.children_without_participation(iom_case) == [second]
    assert not selectors.child_participation_complete(iom_case)
    hear_child(personas.counsellor, iom_case, second, how_heard="not_possible", child_views="",
               not_possible_reason="Child was ill during both appointments")
    assert selectors.child_participation_complete(iom_case)


def test_who_counts_as_a_child(personas, iom_case):
    no_date_child = add_member(personas.counsellor, iom_case, "Baby", no_birth_date=True)
    add_member(personas.counsellor, iom_case, "Cousin", relationship="relative", no_birth_date=True)
    adult_child = add_member(personas.counsellor, iom_case, "Grown", birth_date=date(2000, 1, 1))
    assert selectors.children_of(iom_case) == [no_date_child]
    assert adult_child not in selectors.children_without_participation(iom_case)


def test_a_record_of_another_case_does_not_count(personas, orgs, iom_case):
    from apps.cases.services import case_open

    child = add_member(personas.counsellor, iom_case)
    other_case = case_open(actor=personas.counsellor, household=iom_case.household)
    hear_child(personas.counsellor, other_case, child)
    assert not selectors.child_participation_complete(iom_case)
    assert selectors.child_participation_complete(other_case)


def test_the_answer_sheet_compares_with_the_previous_version(personas, iom_case):
    first = services.assessment_create(actor=personas.counsellor, case=iom_case, expected_latest_version=0,
                                       answers={"wishes": "Stay", "education": "Tailor"})
    rows = {r.question.code: r for block in selectors.answer_sheet(personas.counsellor, first) for r in block.rows}
    assert rows["wishes"].previous is None and not rows["wishes"].changed
    second = services.assessment_create(actor=personas.counsellor, case=iom_case, expected_latest_version=1,
                                        answers={"wishes": "Return", "education": "Tailor"})
    sheet = selectors.answer_sheet(personas.counsellor, second)
    assert [block.section.code for block in sheet][:2] == ["personal_family", "health"]
    rows = {r.question.code: r for block in sheet for r in block.rows}
    assert rows["wishes"].changed and rows["wishes"].previous == "Stay"
    assert not rows["education"].changed and not rows["health_needs"].changed


def test_assessment_for_is_scoped_and_audited(personas, iom_case):
    from apps.audit.models import AuditEntry

    assessment = services.assessment_create(actor=personas.counsellor, case=iom_case, expected_latest_version=0,
                                            answers={})
    with pytest.raises(Http404):
        selectors.assessment_for(personas.diakonie_counsellor, assessment.pk)
    selectors.assessment_for(personas.hotline, assessment.pk)
    assert AuditEntry.objects.filter(action="assessment.viewed", actor=personas.hotline,
                                     case_id=iom_case.pk).exists()


def test_health_answers_are_hidden_from_users_without_sensitive_read(personas, iom_case):
    first = services.assessment_create(actor=personas.counsellor, case=iom_case, expected_latest_version=0,
                                       answers={"wishes": "Stay", "health_needs": "Insulin daily"})
    hotline = personas.hotline
    assert selectors.answers_by_code(hotline, first) == {"wishes": "Stay"}
    codes = {r.question.code for block in selectors.answer_sheet(hotline, first) for r in block.rows}
    assert "wishes" in codes and "health_needs" not in codes
    assert "health_needs" not in set(selectors.questions_for(hotline, iom_case.organisation_id)
                                     .values_list("code", flat=True))
    assert selectors.answers_by_code(personas.counsellor, first)["health_needs"] == "Insulin daily"


def test_a_version_by_a_user_without_sensitive_read_keeps_the_hidden_answers(personas, iom_case):
    services.assessment_create(actor=personas.counsellor, case=iom_case, expected_latest_version=0,
                               answers={"wishes": "Stay", "health_needs": "Insulin daily"})
    second = services.assessment_create(actor=personas.hotline, case=iom_case, expected_latest_version=1,
                                        answers={"wishes": "Return"})
    assert selectors.answers_by_code(personas.counsellor, second) == {"wishes": "Return",
                                                                      "health_needs": "Insulin daily"}
    with pytest.raises(ValidationError):
        services.assessment_create(actor=personas.hotline, case=iom_case, expected_latest_version=2,
                                   answers={"health_needs": "Overwritten"})
