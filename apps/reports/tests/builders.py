"""A small hand-built world for the indicator tests: every record is made explicitly, so each
test computes its expected figure by hand from the list below.

Persons (ages in 2025):
- adult:   female, born 17.05.1990 (34/35), Syrian, lives in Trier          -> 18_60
- teen:    male, born 30.06.2007: 17 until 29.06.2025, 18 at the period's end -> under_18 before July
- old:     male, born 01.01.1960 (65), Afghan and Syrian ("AF,SY"), lives in Speyer -> over_60
- nodate:  diverse, no date of birth, Iraqi, lives in Mainz                 -> unknown
Cases:
- a: IOM, office AfA Trier, household adult (principal) + teen
- b: IOM, office AfA Speyer, RESTRICTED, household old
- c: Diakonie (another organisation), no office, household nodate
"""

from datetime import date, datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine

from apps.accounts.models import Role
from apps.cases.models import Case, CounsellingSession
from apps.clients.models import Household, HouseholdMember, Person
from apps.regions.models import District
from apps.reports.engine import Period
from tests.factories import member

BERLIN = ZoneInfo("Europe/Berlin")
YEAR = Period(date(2025, 1, 1), date(2025, 12, 31))
TRIER, SPEYER, MAINZ = "07211", "07318", "07315"


def at(y, m, d, hh=10, mm=0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=BERLIN)


def district(ags: str) -> District:
    return District.objects.get(ags=ags)


def person(org, name, *, sex, born, nationalities, lives_in) -> Person:
    return Person.objects.create(organisation=org, family_name=name, sex=sex, birth_date=born,
                                 birth_date_precision="exact" if born else "unknown",
                                 nationalities=nationalities, district=district(lives_in) if lives_in else None)


def case(org, number, *members, office=None, restricted=False) -> Case:
    household = Household.objects.create(organisation=org)
    for i, p in enumerate(members):
        HouseholdMember.objects.create(household=household, person=p, is_principal=i == 0,
                                       relationship="principal" if i == 0 else "child")
    return Case.objects.create(organisation=org, reference=f"{org.code}-2025-{number}", number=number,
                               household=household, office=office, restricted=restricted)


def session(case_, counsellor, when, channel, *participants, district_ags=None, place="unknown"):
    s = CounsellingSession.objects.create(
        case=case_, counsellor=counsellor, started_at=when, channel=channel, language="fa", place=place,
        district=district(district_ags) if district_ags else None)
    s.participants.set(participants)
    return s


@pytest.fixture
def frozen():
    # Nothing may depend on today's date: the clock stands still well after the period.
    with time_machine.travel(datetime(2026, 3, 1, 12, 0, tzinfo=BERLIN), tick=False):
        yield


@pytest.fixture
def world(personas, orgs, frozen):
    personas.trier.district = district(TRIER)
    personas.trier.save()
    personas.speyer.district = district(SPEYER)
    personas.speyer.save()
    analyst_role = Role.objects.create(code="analyst", name="Analyse",
                                       permissions=["case.read", "report.view", "report.drilldown"])
    analyst = member(orgs.iom, analyst_role.code, email="analyst@iom.test")
    w = SimpleNamespace(orgs=orgs, personas=personas, analyst=analyst)
    w.adult = person(orgs.iom, "Adult", sex="female", born=date(1990, 5, 17), nationalities=["SY"],
                     lives_in=TRIER)
    w.teen = person(orgs.iom, "Teen", sex="male", born=date(2007, 6, 30), nationalities=[], lives_in=TRIER)
    w.old = person(orgs.iom, "Old", sex="male", born=date(1960, 1, 1), nationalities=["AF", "SY"],
                   lives_in=SPEYER)
    w.nodate = person(orgs.diakonie, "Nodate", sex="diverse", born=None, nationalities=["IQ"], lives_in=MAINZ)
    w.a = case(orgs.iom, 1, w.adult, w.teen, office=personas.trier)
    w.b = case(orgs.iom, 2, w.old, office=personas.speyer, restricted=True)
    w.c = case(orgs.diakonie, 1, w.nodate)
    return w


# --- Case work ---------------------------------------------------------------------------------

def vulnerability(case_, person_, type_code, on, recorder):
    from apps.assessments.models import Vulnerability, VulnerabilityType

    return Vulnerability.objects.create(case=case_, person=person_, type=VulnerabilityType.objects.get(code=type_code),
                                        identified_how="self_disclosed", identified_on=on, severity="medium",
                                        recorded_by=recorder)


def service(provider, name, *type_codes):
    from apps.referrals.models import Service, ServiceType

    s = Service.objects.create(provider=provider, name=name)
    s.service_types.set(ServiceType.objects.filter(code__in=type_codes))
    return s


def referral(case_, person_, service_, status, sent_at, creator):
    from apps.referrals.models import Referral

    return Referral.objects.create(case=case_, person=person_, service=service_, reason="x", status=status,
                                   sent_at=sent_at, created_by=creator)


def programme_version(code):
    from apps.programmes.models import ProgrammeVersion

    return ProgrammeVersion.objects.filter(programme__code=code).order_by("valid_from").first()


def application(case_, code, members, *, created, status, creator, submitted=None, departed=None):
    from apps.applications.models import Application

    a = Application.objects.create(case=case_, programme_version=programme_version(code), status=status,
                                   created_at=created, submitted_on=submitted, departed_on=departed,
                                   created_by=creator)
    a.members.set(members)
    return a


def plan(case_, person_, status, created, creator, *handed_over):
    from apps.clients.models import Consent
    from apps.reintegration.models import Handover, ReintegrationPlan

    p = ReintegrationPlan.objects.create(case=case_, person=person_, status=status, created_by=creator)
    ReintegrationPlan.objects.filter(pk=p.pk).update(created_at=created)
    for when in handed_over:
        consent = Consent.objects.create(person=person_, organisation=case_.organisation, purpose="referral",
                                         form="written", language="de", recorded_by=creator)
        Handover.objects.create(plan=p, partner="Partner", consent=consent, snapshot="{}", created_by=creator,
                                created_at=when)
    return p


def visit(case_, person_, creator, *, done, composite, economic=None, social=None, psychosocial=None):
    from apps.reintegration.models import MonitoringVisit, Survey

    return MonitoringVisit.objects.create(
        case=case_, person=person_, survey=Survey.objects.first(), planned_for=done or date(2025, 9, 1),
        done_on=done, composite_score=composite, economic_score=economic, social_score=social,
        psychosocial_score=psychosocial, created_by=creator)
