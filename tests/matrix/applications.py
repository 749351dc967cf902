"""Objects of this app for the authorisation matrix (see tests/test_authorisation_matrix.py).

The world gets a draft application of the IOM case (principal and child travelling) with a
travel record, so that every page of the application (travel sheet included) can be shown.
"""

from datetime import date

from apps.applications import services
from apps.programmes.models import Programme, ProgrammeVersion
from tests.test_authorisation_matrix import Scope, Target


def extend(world) -> Scope:
    programme, _ = Programme.objects.get_or_create(code="matrix-reag", defaults={"name": "REAG/GARP (Matrix)"})
    version = ProgrammeVersion.objects.create(programme=programme, label="Matrix", valid_from=date(2025, 1, 1))
    application = services.application_create(actor=world.personas.counsellor, case=world.case,
                                              programme_version=version,
                                              members=[world.person, world.member.person])
    services.travel_save(actor=world.personas.counsellor, application=application,
                         data={"departure_date": date(2030, 1, 15), "airport": "FRA"})
    target = Target(application, world.orgs.iom)
    return Scope(prefixes={"applications/": target}, api_ids={"application_id": target})
