"""Encrypted documents on S3-compatible object storage (`DOCUMENT_STORAGE=s3`).

Kept apart from apps.core.storage so that boto3 (a third of a second to import) is loaded only
by installations that use it.
"""

from django.utils.deconstruct import deconstructible
from storages.backends.s3 import S3Storage

from apps.core.storage import EncryptingStorageMixin


@deconstructible(path="apps.core.storage_s3.EncryptedS3Storage")
class EncryptedS3Storage(EncryptingStorageMixin, S3Storage):
    """S3-compatible object storage (AWS, MinIO, Ceph, …) for several app servers: only
    ciphertext leaves the application, the bucket stays private (no ACL, no public URL).

    New documents never overwrite an existing object (random names, and `file_overwrite` off
    checks anyway); a key rotation overwrites in one PUT, which object stores apply atomically.
    `walk()` (the mixin's, through `listdir`) lists every object below the prefix for
    `rotate_field_keys`.
    """

    def __init__(self, **settings_overrides):
        settings_overrides.setdefault("file_overwrite", False)
        settings_overrides.setdefault("default_acl", None)
        settings_overrides.setdefault("querystring_auth", False)
        super().__init__(**settings_overrides)

    def _replace(self, name, data: bytes) -> None:
        if not self.exists(name):
            return  # deleted (e.g. purged) since it was read: never bring personal data back
        super()._replace(name, data)
