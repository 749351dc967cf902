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


def submit(request, form, action, *, success: str, current_version=None) -> bool:
    """For a POSTed, valid form: run the service call `action()` and say `success`.

    A ValidationError from the service goes onto the form (which keeps the user's input);
    after a concurrent edit, `current_version()` gives the version to base a new save on.
    Returns True when the action succeeded.
    """
    from django.contrib import messages

    if request.method != "POST" or not form.is_valid():
        return False
    try:
        action()
    except ValidationError as error:
        if current_version is not None:
            handle_conflict(form, error, current_version())
        else:
            apply_errors(form, error)
        return False
    messages.success(request, success)
    return True
