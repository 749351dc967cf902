"""Small steps that the services of several apps share."""


def apply_changes(obj, data: dict, fields) -> dict:
    """Set on `obj` the entries of `data` whose keys are among `fields` (the fields a form
    or API caller may change) and return just those entries."""
    changes = {k: v for k, v in data.items() if k in fields}
    for key, value in changes.items():
        setattr(obj, key, value)
    return changes
