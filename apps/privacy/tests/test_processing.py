"""Records of processing (Art. 30): built from the registered activities, the retention rules
with their unverified state, the recipients in the audit log and the encrypted columns of the
models; as a page, a PDF, CSV and Excel, in German and English; only for privacy.manage."""

import io
from types import SimpleNamespace

import pytest
from django.apps import apps as django_apps
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from apps.audit.models import AuditEntry
from apps.audit.services import record
from apps.core.fields import EncryptedBinaryField, EncryptedTextField
from apps.privacy import processing, registry
from apps.privacy.models import RetentionRule


def _encrypted_paths() -> set[str]:
    return {f"{model._meta.app_label}.{model._meta.model_name}.{field.name}"
            for model in django_apps.get_models() for field in model._meta.concrete_fields
            if isinstance(field, EncryptedTextField | EncryptedBinaryField)}


@pytest.fixture
def rules(orgs, personas):
    """A default row for every record type; one of them confirmed, and IOM's own edited row
    for a type that a processing activity names."""
    kinds = registry.record_types()
    named = {code for activity in registry.processing_activities() for code in activity.record_types}
    own = next(kind for kind in kinds if kind.code in named)
    confirmed = next(kind for kind in kinds if kind is not own)
    for kind in kinds:
        RetentionRule.objects.get_or_create(organisation=None, record_type=kind.code, defaults={
            "action": kind.default_action, "months": kind.default_months, "legal_basis": kind.default_legal_basis,
            "source": kind.default_source})
    RetentionRule.objects.filter(organisation=None, record_type=confirmed.code).update(unverified=False)
    RetentionRule.objects.create(organisation=orgs.iom, record_type=own.code, action=own.default_action,
                                 months=77, legal_basis="Art. 6 Abs. 1 lit. c DSGVO (IOM)", unverified=True)
    return SimpleNamespace(kinds=kinds, own=own, confirmed=confirmed)


def test_the_document_holds_every_activity_rule_and_encrypted_column(rules, orgs, personas):
    record(personas.counsellor, "disclosure.created", organisation_id=orgs.iom.pk,
           details={"recipient_id": orgs.authority.pk})
    record(personas.counsellor, "referral.sent", organisation_id=orgs.iom.pk, details={"recipient_id": orgs.partner.pk})
    record(personas.counsellor, "referral.sent", organisation_id=orgs.iom.pk, details={"recipient_id": orgs.partner.pk})
    record(personas.diakonie_counsellor, "referral.sent", organisation_id=orgs.diakonie.pk,
           details={"recipient_id": orgs.funder.pk})  # another organisation's transmission
    document = processing.processing_record(organisation=orgs.iom)

    assert [a.code for a in document.activities] == [a.code for a in registry.processing_activities()]
    assert len(document.activities) >= 3
    by_code = {line.code: line for line in document.rules}
    assert set(by_code) == {kind.code for kind in rules.kinds}
    assert by_code[rules.confirmed.code].unverified is False and by_code[rules.confirmed.code].own is False
    own = by_code[rules.own.code]
    assert own.own and own.unverified and own.months == 77
    others = set(by_code) - {rules.own.code, rules.confirmed.code}
    assert all(by_code[code].unverified and not by_code[code].own for code in others)
    assert {c.path for c in document.encrypted} == _encrypted_paths()
    assert "privacy.legalhold.reason" in {c.path for c in document.encrypted}
    kinds = {str(line.kind): line for line in document.recipients}
    assert set(kinds) == {"Authority", "Partner organisation"}  # not the funder: Diakonie's referral
    assert kinds["Partner organisation"].organisations == [orgs.partner.name]
    assert kinds["Partner organisation"].counts == {"referrals": 2}


def test_a_record_type_without_a_rule_row_shows_its_defaults_as_unverified(orgs):
    RetentionRule.objects.all().delete()
    lines = processing.retention_lines(orgs.iom)
    assert [line.code for line in lines] == [kind.code for kind in registry.record_types()]
    assert all(line.unverified and not line.own for line in lines)


def test_the_page_and_the_downloads_in_german_and_english(client, rules, personas, orgs):
    client.force_login(personas.iom_dpo)
    page = client.get("/privacy/processing/").content.decode()
    for activity in registry.processing_activities():
        assert str(activity.name) in page
    assert "unverified" in page and "Art. 6 Abs. 1 lit. c DSGVO (IOM)" in page and "privacy.legalhold.reason" in page
    # Each activity with the periods of the record types it names (the cases' rules, for one).
    assert page.count("Erasure periods") == len(registry.processing_activities())
    assert "(unverified, default rule)" in page and "(unverified, own rule)" in page

    pdf = client.get("/privacy/processing/pdf/", {"lang": "de"})
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    text = " ".join(text.split())
    with translation.override("de"):
        assert translation.gettext("Legal basis") in text and translation.gettext("unverified") in text
        assert str(registry.processing_activities()[0].name) in text
    assert "Art. 6 Abs. 1 lit. c DSGVO (IOM)" in text and "privacy.legalhold.reason" in text

    csv = b"".join(client.get("/privacy/processing/csv/", {"lang": "en"}).streaming_content).decode("utf-8-sig")
    assert "Processing activity;" in csv and "Retention rule;" in csv and "Encrypted column;" in csv
    assert csv.count("Retention rule;") == len(rules.kinds)
    workbook = load_workbook(io.BytesIO(client.get("/privacy/processing/xlsx/", {"lang": "en"}).content))
    cells = [row[0] for row in workbook.active.iter_rows(values_only=True)]
    assert cells.count("Encrypted column") == len(_encrypted_paths())
    assert AuditEntry.objects.filter(action="processing_record.exported", organisation=orgs.iom).count() == 3


def test_only_holders_of_privacy_manage_and_only_for_their_organisation(client, personas, orgs):
    client.force_login(personas.counsellor)
    assert client.get("/privacy/processing/").status_code == 403
    assert client.get("/privacy/processing/pdf/").status_code == 403
    client.force_login(personas.iom_dpo)
    assert client.get("/privacy/processing/", {"organisation": orgs.diakonie.pk}).status_code == 404
    assert client.get("/privacy/processing/csv/", {"organisation": "x"}).status_code == 404
