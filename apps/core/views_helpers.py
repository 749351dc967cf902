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


def submit(request, form, action, *, success: str, current_version=None, locked=None) -> bool:
    """For a POSTed, valid form: run the service call `action()` and say `success`.

    A ValidationError from the service goes onto the form (which keeps the user's input);
    after a concurrent edit, `current_version()` gives the version to base a new save on.
    `locked`, the record the form edits under optimistic locking, stands for a
    `current_version` that reads that record's version from the database.
    Returns True when the action succeeded.
    """
    from django.contrib import messages

    if locked is not None:
        def current_version():
            return type(locked)._default_manager.get(pk=locked.pk).version
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


def run_reporting(request, action, *, success, form=None, invalid=None):
    """For a POST that has no form page to return to: run the service call `action()` and
    report the outcome as a message. A ValidationError becomes an error message; otherwise
    `success` (a text, or a callable giving it after the call) is shown.
    With a bound `form`, the call runs only when the form is valid; else `invalid` is shown
    as an error message.
    Returns the call's result (True when it returns nothing), or None when it failed.
    """
    from django.contrib import messages

    if form is not None and not form.is_valid():
        messages.error(request, invalid)
        return None
    try:
        result = action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return None
    messages.success(request, success() if callable(success) else success)
    return result or True
