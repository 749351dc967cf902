"""Small helpers shared by views of several apps."""

from django.core.exceptions import ValidationError

from apps.core.errors import ConcurrentEditError


def apply_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError onto the form, next to the fields it names."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def handle_conflict(form, error: ValidationError, current_version: int) -> None:
    """Show the error and, after a concurrent edit, base the kept input on the newest version.

    The user's input stays in the form; saving again is then a conscious decision to
    overwrite the other change, which the form shows next to the input.
    """
    apply_errors(form, error)
    if isinstance(error, ConcurrentEditError):
        data = form.data.copy()
        data["version"] = str(current_version)
        form.data = data
