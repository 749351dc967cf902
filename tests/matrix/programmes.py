"""Objects of this app for the authorisation matrix (see tests/test_authorisation_matrix.py)."""

from apps.programmes.defaults import ensure_default_programmes
from apps.programmes.models import ProgrammeVersion
from tests.test_authorisation_matrix import Scope, Target


def extend(world) -> Scope:
    ensure_default_programmes()
    version = ProgrammeVersion.objects.filter(programme__code="reag_garp").first()
    # Programme rules are network-wide reference data: the permission anywhere suffices.
    return Scope(prefixes={"programmes/versions/": Target(version, None, read=None)})
