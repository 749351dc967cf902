"""The case timeline shows what the apps above cases register (assessments, vulnerabilities,
referrals, documents, disclosures, application steps, the reintegration plan, monitoring
visits), filtered by what the reader may see, in one query per kind of record, audited once."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from apps.applications.models import Application
from apps.assessments.models import Assessment, Vulnerability, VulnerabilityType
from apps.audit.models import AuditEntry
from apps.cases import selectors
from apps.cases import services as case_services
from apps.clients import services as client_services
from apps.clients.models import Consent
from apps.disclosures import services as disclosure_services
from apps.programmes.models import Programme, ProgrammeVersion
from apps.referrals.models import Referral, Service, ServiceType
from apps.reintegration.models import Handover, MonitoringVisit, ReintegrationPlan
from apps.reintegration.selectors import active_survey

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n% MUSTER - fiktives Dokument\n%%EOF\n"


def _vulnerability(personas, case, person, code, sensitive):
    kind = VulnerabilityType.objects.create(code=code, name=f"Typ {code}", is_sensitive=sensitive)
    return Vulnerability.objects.create(case=case, person=person, type=kind, identified_how="observed",
                                        severity="low", recorded_by=personas.counsellor,
                                        identified_on=date(2026, 5, 2))


def _referral(personas, orgs, case, person, name, sensitive):
    kind = ServiceType.objects.create(code=f"t-{name}", name=name, is_sensitive=sensitive)
    service = Service.objects.create(provider=orgs.partner, name=name)
    service.service_types.add(kind)
    return Referral.objects.create(case=case, service=service, person=person, created_by=personas.counsellor,
                                   status="sent", sent_at=timezone.now())


@pytest.fixture
def full_case(personas, orgs, iom_case):
    """A case with one record of every kind, and a sensitive twin where the kind has one."""
    case, counsellor = iom_case, personas.counsellor
    person = case.household.members.get().person
    Assessment.objects.create(case=case, number=1, created_by=counsellor)
    _vulnerability(personas, case, person, "plain", sensitive=False)
    _vulnerability(personas, case, person, "secret", sensitive=True)
    _referral(personas, orgs, case, person, "Schuldnerberatung", sensitive=False)
    _referral(personas, orgs, case, person, "Traumatherapie", sensitive=True)
    for title, kind in (("Pass", "passport"), ("Befund", "medical_report")):
        case_services.document_upload(actor=counsellor, case=case, person=person, document_type=kind, title=title,
                                      uploaded_file=SimpleUploadedFile("d.pdf", PDF, content_type="application/pdf"))
    consent = client_services.consent_record(actor=counsellor, person=person, data={
        "purpose": Consent.Purpose.DISCLOSURE_TO_AUTHORITY, "recipient": orgs.authority, "form": "written",
        "language": "fa"})
    disclosure_services.disclosure_create(actor=counsellor, case=case, consent=consent, recipient=orgs.authority,
                                          purpose="programme_application", fields=["name"])
    programme = Programme.objects.create(code="tl-reag", name="REAG/GARP (Test)")
    version = ProgrammeVersion.objects.create(programme=programme, label="2026", valid_from=date(2026, 1, 1))
    Application.objects.create(case=case, programme_version=version, created_by=counsellor, status="departed",
                               submitted_on=date(2026, 6, 1), decision_on=date(2026, 7, 1),
                               departed_on=date(2026, 8, 1))
    plan = ReintegrationPlan.objects.create(case=case, person=person, created_by=counsellor,
                                            partner_in_origin="Partner Kabul (fiktiv)")
    Handover.objects.create(plan=plan, consent=consent, created_by=counsellor, fields=["plan"])
    MonitoringVisit.objects.create(case=case, person=person, survey=active_survey(), created_by=counsellor,
                                   planned_for=date(2026, 11, 1), done_on=date(2026, 11, 3), channel="phone")
    MonitoringVisit.objects.create(case=case, person=person, survey=active_survey(), created_by=counsellor,
                                   planned_for=timezone.localdate() + timedelta(days=90))  # not held: not shown
    return case


KINDS = {"assessment", "vulnerability", "referral", "referral_sent", "document", "disclosure", "application",
         "application_submitted", "application_decided", "application_departed", "reintegration_plan",
         "reintegration_handover", "monitoring_visit", "status", "consent"}


def test_the_timeline_shows_every_kind_and_hides_the_sensitive_ones(personas, full_case):
    entries = selectors.timeline_of(personas.counsellor, full_case)
    assert {e.kind for e in entries} >= KINDS
    assert [e.at for e in entries] == sorted(e.at for e in entries)
    titles = {e.title for e in entries}
    assert {"Typ secret", "Traumatherapie", "Befund"} <= titles  # the counsellor reads sensitive data
    hotline = selectors.timeline_of(personas.hotline, full_case)  # case.read, not case.sensitive.read
    hidden = {e.title for e in hotline}
    assert "Typ plain" in hidden and "Schuldnerberatung" in hidden and "Pass" in hidden
    assert not {"Typ secret", "Traumatherapie", "Befund"} & hidden
    assert len([e for e in entries if e.kind == "monitoring_visit"]) == 1


def test_the_read_is_audited_once_naming_what_was_shown(personas, full_case):
    selectors.timeline_of(personas.hotline, full_case)
    entry = AuditEntry.objects.get(action="case.timeline_viewed")
    assert entry.case_id == full_case.pk and entry.actor == personas.hotline
    assert set(entry.details) >= {"assessment", "vulnerability", "referral", "document", "disclosure",
                                  "application", "reintegration_plan", "monitoring_visit"}
    shown = set(Vulnerability.objects.filter(sensitive=False).values_list("pk", flat=True))
    assert set(entry.details["vulnerability"]) == shown


def test_one_query_per_kind_of_record_however_many_records(client, personas, orgs, full_case,
                                                             django_assert_max_num_queries):
    client.force_login(personas.counsellor)
    url = reverse("cases:timeline", args=[full_case.pk])
    with django_assert_max_num_queries(60) as first:
        page = client.get(url).content.decode()
    assert "Referral sent" in page and "Monitoring visit held" in page and "Departure confirmed" in page
    person = full_case.household.members.get().person
    for n in range(4):  # more of every kind: not one query more
        _vulnerability(personas, full_case, person, f"more{n}", sensitive=False)
        _referral(personas, orgs, full_case, person, f"Dienst {n}", sensitive=False)
        Assessment.objects.create(case=full_case, number=2 + n, created_by=personas.counsellor)
        MonitoringVisit.objects.create(case=full_case, person=person, survey=active_survey(),
                                       created_by=personas.counsellor, planned_for=date(2026, 12, 1),
                                       done_on=date(2026, 12, 1 + n), channel="video")
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(url)
