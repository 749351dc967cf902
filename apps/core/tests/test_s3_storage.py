"""Documents on S3-compatible storage (DOCUMENT_STORAGE=s3): against a real S3 server (moto's,
started here on loopback), only ciphertext reaches the bucket; reading, deleting, listing and
key rotation work through the same upload service and command as on disk."""

import io
import socket

import boto3
import pytest
from cryptography.fernet import Fernet
from django.core.files.base import ContentFile
from django.core.management import call_command
from moto.server import ThreadedMotoServer

from apps.cases import selectors, services
from apps.cases.models import Document, DocumentType
from apps.cases.tests.test_documents import PDF, upload_file
from apps.core.storage import document_storage
from apps.core.storage_s3 import EncryptedS3Storage

pytestmark = pytest.mark.django_db
BUCKET = "returnnet-documents"
CREDENTIALS = {"access_key": "test-access-key", "secret_key": "test-secret-key"}


@pytest.fixture(scope="module")
def s3_endpoint():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


@pytest.fixture
def bucket(s3_endpoint, settings, monkeypatch):
    """A fresh bucket, named in settings.STORAGES as DOCUMENT_STORAGE=s3 does, and bound to
    Document.file as the model does at start-up."""
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="eu-central-1",
                          aws_access_key_id=CREDENTIALS["access_key"],
                          aws_secret_access_key=CREDENTIALS["secret_key"])
    client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-central-1"})
    options = {"bucket_name": BUCKET, "endpoint_url": s3_endpoint, "region_name": "eu-central-1",
               "location": "documents", **CREDENTIALS}
    settings.STORAGES = {**settings.STORAGES, "documents": {
        "BACKEND": "apps.core.storage_s3.EncryptedS3Storage", "OPTIONS": options}}
    monkeypatch.setattr(Document._meta.get_field("file"), "storage", document_storage())
    yield client
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=BUCKET):
        for item in page.get("Contents", []):
            client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def stored_objects(client) -> dict[str, bytes]:
    listing = client.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    return {item["Key"]: client.get_object(Bucket=BUCKET, Key=item["Key"])["Body"].read() for item in listing}


def test_an_uploaded_document_is_ciphertext_in_the_bucket_and_reads_back(bucket, personas, iom_case):
    assert isinstance(document_storage(), EncryptedS3Storage)
    document = services.document_upload(actor=personas.counsellor, case=iom_case, person=None,
                                        document_type=DocumentType.PASSPORT, title="Reisepass",
                                        uploaded_file=upload_file("pass.pdf", PDF, "application/pdf"))
    objects = stored_objects(bucket)
    assert list(objects) == [f"documents/{document.file.name}"]
    ciphertext = objects[f"documents/{document.file.name}"]
    assert ciphertext.startswith(b"gAAAAA") and b"Hosseini" not in ciphertext and b"%PDF" not in ciphertext
    assert selectors.document_content(personas.counsellor, document, action="downloaded") == PDF
    with pytest.raises(ValueError, match="no public URL"):
        document.file.url  # noqa: B018 - the property raises

    document.file.storage.delete(document.file.name)
    assert stored_objects(bucket) == {}


def test_a_new_document_never_overwrites_an_object_of_the_same_name(bucket):
    storage = document_storage()
    first = storage.save("2026/12/same", ContentFile(b"first"))
    second = storage.save("2026/12/same", ContentFile(b"second"))
    assert first != second
    assert storage.open(first).read() == b"first" and storage.open(second).read() == b"second"
    assert sorted(storage.walk()) == sorted([first, second])


def test_rotate_field_keys_reencrypts_the_objects_in_the_bucket(bucket, settings, personas, iom_case):
    document = services.document_upload(actor=personas.counsellor, case=iom_case, person=None,
                                        document_type=DocumentType.PASSPORT, title="Reisepass",
                                        uploaded_file=upload_file("pass.pdf", PDF, "application/pdf"))
    before = stored_objects(bucket)
    old_key, new_key = settings.FIELD_ENCRYPTION_KEYS[0], Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new_key, old_key]

    out = io.StringIO()
    call_command("rotate_field_keys", stdout=out)
    assert "documents: 1 files, 1 re-encrypted" in out.getvalue()
    after = stored_objects(bucket)
    assert list(after) == list(before) and after != before  # the same object, rewritten
    settings.FIELD_ENCRYPTION_KEYS = [new_key]  # the old key removed: still readable
    assert Fernet(new_key.encode()).decrypt(next(iter(after.values()))) == PDF
    assert selectors.document_content(personas.counsellor, document, action="downloaded") == PDF
    out = io.StringIO()
    call_command("rotate_field_keys", "--check", stdout=out)
    assert "documents: 1 files, 0 under an older key" in out.getvalue()


def test_reencryption_never_brings_back_an_object_deleted_meanwhile(bucket, settings):
    storage = document_storage()
    name = storage.save("2026/12/purged", ContentFile(b"secret"))
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), *settings.FIELD_ENCRYPTION_KEYS]
    token = storage._read_token(name)
    storage.delete(name)  # purged between reading and replacing
    storage._replace(name, Fernet(settings.FIELD_ENCRYPTION_KEYS[0].encode()).encrypt(b"secret"))
    assert token and stored_objects(bucket) == {}
