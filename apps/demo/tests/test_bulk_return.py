"""`seed_demo --return-data`: the records the indicators read follow each case's history."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from apps.applications.models import Application, ApplicationStatus
from apps.assessments.models import Vulnerability
from apps.cases.models import Case, CaseOutcome, CaseStatus, CounsellingSession, SessionPlace
from apps.referrals.models import Referral
from apps.reintegration.models import MonitoringVisit, ReintegrationPlan


@pytest.fixture
def seeded(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", cases=150, return_data=True, verbosity=0)


def _reached(case, status):
    return case.status_changes.filter(to_status=status).exists()


def test_every_kind_of_record_is_there_and_passes_model_validation(seeded):
    for model in (Vulnerability, Referral, Application, ReintegrationPlan, MonitoringVisit):
        rows = list(model.objects.all())
        assert rows, model.__name__
        for row in rows:
            row.full_clean()


def test_applications_follow_the_case_history(seeded):
    # (The applications app's own showcase adds a draft on the newest case; none is generated.)
    for application in Application.objects.exclude(status=ApplicationStatus.DRAFT).select_related("case"):
        case = application.case
        assert _reached(case, CaseStatus.APPLICATION)
        travelling = set(application.members.values_list("pk", flat=True))
        assert travelling == set(case.household.members.values_list("person_id", flat=True))
        if application.status == ApplicationStatus.DEPARTED:
            departed = case.status_changes.get(to_status=CaseStatus.DEPARTED)
            assert application.departed_on == timezone.localtime(departed.at).date()
            assert application.submitted_on <= application.departed_on
            assert case.outcome in ("", CaseOutcome.RETURNED_WITH_PROGRAMME)
        else:
            assert application.departed_on is None
    assert Case.objects.filter(outcome=CaseOutcome.RETURNED_WITH_PROGRAMME).exists()


def test_plans_and_monitoring_only_after_a_departure_with_the_programme(seeded):
    today = timezone.localdate()
    for plan in ReintegrationPlan.objects.all():
        assert plan.case.applications.filter(status=ApplicationStatus.DEPARTED).exists()
    for visit in MonitoringVisit.objects.select_related("case"):
        departed_on = visit.case.applications.get(status=ApplicationStatus.DEPARTED).departed_on
        assert visit.planned_for > departed_on
        if visit.done_on is None:
            assert visit.composite_score is None and visit.level == ""
        else:
            assert visit.done_on <= today and 0 <= visit.composite_score <= 1 and visit.level


def test_sessions_record_where_they_took_place(seeded):
    sessions = CounsellingSession.objects.select_related("office", "case")
    assert sessions.exists()
    for session in sessions:
        assert session.district_id is not None
        if session.channel == "office":
            assert session.place == SessionPlace.OFFICE and session.district_id == session.office.district_id
        else:
            assert session.place in (SessionPlace.MOBILE_DAY, SessionPlace.CLIENT_DISTRICT)
            principal = session.case.household.members.get(is_principal=True).person
            assert session.district_id == principal.district_id


def test_without_the_option_the_cases_get_none_of_it(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", cases=40, verbosity=0)
    # Only the apps' own showcase records on the newest cases (see their demo.py).
    assert Application.objects.count() <= 1 and Vulnerability.objects.count() <= 2
    assert Referral.objects.count() <= 2 and ReintegrationPlan.objects.count() <= 1
