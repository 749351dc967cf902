import pytest

from apps.accounts.models import Office
from tests.factories import OfficeFactory


@pytest.fixture
def hotline_office(personas, orgs):
    """IOM runs the state-wide hotline (as in the demo network)."""
    return OfficeFactory(organisation=orgs.iom, name="Hotline", kind=Office.Kind.HOTLINE)
