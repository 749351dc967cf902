"""Reading an uploaded file once its size is known to be acceptable (case documents, material files).

What type the bytes are is each app's question (they allow different types); how large a
file may be and how an empty or missing one is refused is the same everywhere.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def upload_limit_mb() -> str:
    """The upload limit in megabytes, as shown to users ("10", "2.5")."""
    return f"{settings.DOCUMENT_MAX_UPLOAD_BYTES / (1024 * 1024):g}"


def read_upload(uploaded_file) -> bytes:
    """The file's bytes; a missing, empty or too large file is a ValidationError on "file"."""
    if uploaded_file is None:
        raise ValidationError({"file": _("Choose a file.")})
    if uploaded_file.size == 0:
        raise ValidationError({"file": _("The file is empty.")})
    if uploaded_file.size > settings.DOCUMENT_MAX_UPLOAD_BYTES:
        raise ValidationError({"file": _("The file is larger than the limit of %(limit)s MB.")
                               % {"limit": upload_limit_mb()}})
    uploaded_file.seek(0)
    return b"".join(uploaded_file.chunks())
