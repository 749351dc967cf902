"""Objects of the background exports for the authorisation matrix (tests/test_authorisation_matrix.py).

The IOM data protection officer has exported the audit log (run at once here: the matrix never
runs the queue, and the download needs a finished file). Every signed-in user reaches the
list and the request form; the export's pages and its download only its requester, everybody
else gets 404."""

from apps.jobs import exports
from tests.test_authorisation_matrix import Scope, Target


def extend(world) -> Scope:
    export = exports.export_request(actor=world.personas.iom_dpo, kind_code="audit.log", fmt="csv", params={})
    exports.export_run(export_id=export.pk)
    export.refresh_from_db()
    assert export.status == export.Status.DONE, export.error
    return Scope(prefixes={"exports/": Target(export, world.orgs.iom, read=None, owner="iom_dpo")})
