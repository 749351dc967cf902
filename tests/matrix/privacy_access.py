"""Objects of the subject-access export for the authorisation matrix (see tests/test_authorisation_matrix.py).

The IOM data protection officer has exported the case principal's data (run at once here: the
matrix never runs the queue, and the download needs a finished file). Only holders of
privacy.erase in IOM reach the export's pages and its download; the records of processing need
privacy.manage (no object: the officer's own organisation)."""

from apps.privacy import subject_access
from tests.test_authorisation_matrix import Scope, Target


def extend(world) -> Scope:
    export = subject_access.access_export_request(actor=world.personas.iom_dpo, person_id=world.person.pk)
    subject_access.access_export_run(export_id=export.pk)
    export.refresh_from_db()
    assert export.status == export.Status.READY, export.error
    return Scope(prefixes={"privacy/access/": Target(export, world.orgs.iom, read="privacy.erase",
                                                     write="privacy.erase")})
