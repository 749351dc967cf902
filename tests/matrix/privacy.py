"""Objects of the privacy app for the authorisation matrix (see tests/test_authorisation_matrix.py)."""

from tests.test_authorisation_matrix import Scope


def extend(world) -> Scope:
    return Scope()
