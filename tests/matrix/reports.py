"""Objects of this app for the authorisation matrix (see tests/test_authorisation_matrix.py).

Report pages name an indicator by its code: reference data readable by every holder of
report.view; the records behind a figure need report.drilldown (the team lead). What a
drill-down lists is scoped by the engine and tested in apps/reports/tests/test_views.py; the
API's figures and definitions take no id, so the matrix checks them by permission.
"""

from types import SimpleNamespace

from tests.test_authorisation_matrix import Scope, Target


def extend(world) -> Scope:
    indicator = Target(SimpleNamespace(pk="persons_counselled"), None, read="report.view")
    return Scope(values={"code": indicator})
