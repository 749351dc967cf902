"""Errors that services raise and views turn into messages for the user."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class ConcurrentEditError(ValidationError):
    """Someone else saved the record after this user loaded it."""

    def __init__(self):
        super().__init__(
            _("Someone else has changed this record in the meantime. Your input has been kept; "
              "please compare it with the current state and save again."),
            code="concurrent_edit",
        )
