import pytest

from apps.assessments.defaults import ensure_default_taxonomy


@pytest.fixture(autouse=True)
def _taxonomy(db):
    """The lists come from a data migration; a transactional test's flush empties them."""
    ensure_default_taxonomy()
