"""A document no key decrypts: the API answers 503 with a detail, not a server error, and
the attempt is audited as failed."""

from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from apps.audit.models import AuditEntry
from apps.cases.tests.test_documents import document_root, upload  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def test_an_undecryptable_document_is_a_503_with_a_detail(settings, personas, iom_case, api_as):
    document = upload(personas.counsellor, iom_case)
    (Path(settings.DOCUMENT_ROOT) / document.file.name).write_bytes(
        Fernet(Fernet.generate_key()).encrypt(b"under a removed key"))

    response = api_as(personas.counsellor).get(f"/documents/{document.pk}/content")

    assert response.status_code == 503
    assert response.json() == {"detail": "The stored file of this document cannot be read at the moment."}
    failed = AuditEntry.objects.get(action="document.read_failed")
    assert failed.details == {"attempt": "downloaded", "reason": "undecryptable"}
