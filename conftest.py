"""Persona fixtures: one user per role of DESIGN.md §1, in two counselling organisations
(IOM and Diakonie) plus an authority, a partner and a funder."""

import os
from types import SimpleNamespace

import pytest
import time_machine
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from apps.accounts.models import Organisation
from tests.factories import OfficeFactory, OrganisationFactory, ensure_reference_data, make_case, member

# Property tests run on a loaded 2-core CI machine next to PostgreSQL: no deadline and no
# "too slow" health check, so machine speed never decides a test (issue 9).
hypothesis_settings.register_profile(
    "returnnet", deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
hypothesis_settings.load_profile("returnnet")


_suite_clock = None


def pytest_configure(config):
    """`TEST_CLOCK=2026-12-24T16:00+01:00 pytest …` runs the suite as if started then.

    The clock starts before collection (module-level dates follow it too) and keeps ticking.
    .ci/run uses it to run the date-sensitive apps on awkward days (Christmas Eve, a Friday
    before a month end, the daylight-saving switch): no test may depend on the day it runs.
    """
    global _suite_clock
    moment = os.environ.get("TEST_CLOCK")
    if moment:
        _suite_clock = time_machine.travel(moment, tick=True)
        _suite_clock.start()


def pytest_unconfigure(config):
    if _suite_clock is not None:
        _suite_clock.stop()


def pytest_report_header(config):
    moment = os.environ.get("TEST_CLOCK")
    return f"clock: TEST_CLOCK={moment}" if moment else None


# A Monday at 10:00 in Berlin, away from month ends, daylight-saving switches and holidays.
FIXED_MOMENT = "2026-03-02T10:00:00+01:00"


@pytest.fixture
def fixed_clock():
    """The clock stands at FIXED_MOMENT and ticks on: tests that count periods back from "now"
    (retention, expiry) give the same answer whatever day they run."""
    with time_machine.travel(FIXED_MOMENT, tick=True) as traveller:
        yield traveller


@pytest.fixture
def orgs(db):
    ensure_reference_data()
    return SimpleNamespace(
        iom=OrganisationFactory(name="IOM Rheinland-Pfalz", code="IOM"),
        diakonie=OrganisationFactory(
            name="Diakonie Kompetenzzentrum Rückkehr", code="DKR",
            kind=Organisation.Kind.COMPETENCE_CENTRE,
        ),
        authority=OrganisationFactory(
            name="Ausländerbehörde Trier", code="ABHTR", kind=Organisation.Kind.AUTHORITY
        ),
        partner=OrganisationFactory(name="Caritas Trier", code="CARTR", kind=Organisation.Kind.PARTNER),
        funder=OrganisationFactory(name="MFFKI", code="MFFKI", kind=Organisation.Kind.FUNDER),
    )


@pytest.fixture
def personas(orgs, settings):
    settings.REQUIRE_2FA = False
    trier = OfficeFactory(organisation=orgs.iom, name="AfA Trier")
    speyer = OfficeFactory(organisation=orgs.iom, name="AfA Speyer")
    return SimpleNamespace(
        trier=trier,
        speyer=speyer,
        counsellor=member(orgs.iom, "counsellor", email="counsellor@iom.test", office=trier),
        counsellor_speyer=member(orgs.iom, "counsellor", email="counsellor2@iom.test", office=speyer),
        team_lead=member(orgs.iom, "team_lead", email="lead@iom.test"),
        hotline=member(orgs.iom, "hotline_agent", email="hotline@iom.test"),
        iom_dpo=member(orgs.iom, "data_protection_officer", email="dpo@iom.test"),
        iom_admin=member(orgs.iom, "org_admin", email="admin@iom.test"),
        network_admin=member(orgs.iom, "network_admin", email="netadmin@iom.test"),
        diakonie_counsellor=member(orgs.diakonie, "counsellor", email="counsellor@diakonie.test"),
        coordinator=member(orgs.diakonie, "network_coordinator", email="coord@diakonie.test"),
        authority=member(orgs.authority, "authority_counsellor", email="abh@authority.test"),
        partner=member(orgs.partner, "partner_staff", email="staff@partner.test"),
        statistics=member(orgs.funder, "statistics_viewer", email="stats@funder.test"),
    )


@pytest.fixture
def iom_case(personas, orgs):
    """An open IOM case at the AfA Trier, assigned to the Trier counsellor."""
    return make_case(personas.counsellor, orgs.iom, office=personas.trier)


@pytest.fixture
def restricted_case(personas, orgs):
    return make_case(personas.counsellor, orgs.iom, family_name="Rahimi", given_names="Laila",
                     restricted=True, office=personas.trier)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Argon2 is deliberately slow; tests create many users. Production keeps Argon2
    (asserted in accounts tests against the real settings module)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _site_url_is_the_test_clients_host(settings):
    """Links in notices and QR codes point to SITE_URL; in tests that is the test client's host."""
    settings.SITE_URL = "http://testserver"


@pytest.fixture(autouse=True)
def _english_source_strings(settings):
    """Tests assert the English source strings; German (the default) is asserted by the
    browser journey and by core/tests/test_i18n.py."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def _document_root(settings, tmp_path):
    """Uploaded documents go to a per-test directory, never into var/."""
    settings.DOCUMENT_ROOT = tmp_path / "documents"
    settings.EXPORT_ROOT = tmp_path / "exports"


@pytest.fixture(autouse=True)
def _mail_through_the_outbox(settings):
    """As in production, every mail goes into the outbox and a job delivers it; here into
    django.core.mail.outbox (pytest-django had set locmem as the only backend). Tests run
    the queued jobs with apps.jobs.testing.run_jobs()."""
    settings.EMAIL_BACKEND = "apps.jobs.mail.QueuedEmailBackend"
    settings.JOBS_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SMS_BACKEND = "apps.jobs.sms.LoggingSmsBackend"
