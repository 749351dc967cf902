"""Objects of this app for the authorisation matrix (see tests/test_authorisation_matrix.py)."""

import tempfile

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from apps.cases import services
from apps.cases.models import DocumentType
from tests.test_authorisation_matrix import Scope, Target

# The matrix's world has no tmp_path: its documents go to a directory removed at exit.
_DOCUMENT_ROOT = tempfile.TemporaryDirectory(prefix="returnnet-matrix-documents-")
PDF = b"%PDF-1.4\n% MUSTER - fiktives Dokument\n%%EOF\n"


def _write_documents_to_a_temporary_directory() -> None:
    """Unless a fixture did so already, point DOCUMENT_ROOT away from var/. pytest-django
    restores the settings at the end of the test (it entered its overrides first)."""
    if str(settings.DOCUMENT_ROOT).startswith(str(settings.VAR_DIR)):
        override_settings(DOCUMENT_ROOT=_DOCUMENT_ROOT.name).enable()


def extend(world) -> Scope:
    _write_documents_to_a_temporary_directory()
    # A passport, not a medical report: hotline agents (case.read without
    # case.sensitive.read) see it; medical reports are covered in apps/cases/tests.
    document = services.document_upload(
        actor=world.personas.counsellor, case=world.case, person=world.person,
        document_type=DocumentType.PASSPORT, title="Fictitious passport",
        uploaded_file=SimpleUploadedFile("passport.pdf", PDF, content_type="application/pdf"),
    )
    target = Target(document, world.orgs.iom)
    return Scope(prefixes={"documents/": target}, api_ids={"document_id": target})
