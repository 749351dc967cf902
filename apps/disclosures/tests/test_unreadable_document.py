"""A disclosed document that no key decrypts: the authority gets a page, not a server error,
and the attempt is audited as failed."""

from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.urls import reverse

from apps.audit.models import AuditEntry
from apps.disclosures.tests.conftest import login

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def document_root(settings, tmp_path):
    settings.DOCUMENT_ROOT = tmp_path / "documents"


def test_an_undecryptable_disclosed_document_gives_a_page(client, settings, personas, make_disclosure,
                                                          make_document):
    document = make_document()
    disclosure = make_disclosure(documents=[document])
    (Path(settings.DOCUMENT_ROOT) / document.file.name).write_bytes(
        Fernet(Fernet.generate_key()).encrypt(b"under a removed key"))
    login(client, personas.authority)

    response = client.get(reverse("disclosures:inbox_document", args=[disclosure.pk, document.pk]))

    assert response.status_code == 503
    assert reverse("disclosures:inbox_detail", args=[disclosure.pk]) in response.content.decode()
    failed = AuditEntry.objects.get(action="document.read_failed", actor=personas.authority)
    assert failed.details == {"attempt": "downloaded", "reason": "undecryptable"}
    assert not AuditEntry.objects.filter(action="document.downloaded").exists()
