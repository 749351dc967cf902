import pytest

from apps.programmes.defaults import ensure_default_programmes


@pytest.fixture
def programmes(db):
    """The shipped programmes (a transactional test's flush removes migration data)."""
    ensure_default_programmes()
