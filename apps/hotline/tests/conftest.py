import pytest

from apps.accounts.models import Office
from apps.api.tests.conftest import api_as  # noqa: F401  (the API tests' token client)
from tests.factories import OfficeFactory


@pytest.fixture
def hotline_office(personas, orgs):
    """IOM runs the state-wide hotline (as in the demo network)."""
    return OfficeFactory(organisation=orgs.iom, name="Hotline", kind=Office.Kind.HOTLINE)
