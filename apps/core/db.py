"""Which database reports read from.

With `DATABASE_REPLICA_URL` set, settings define a second database alias "replica" (a
read-only streaming replica of the primary); reports and exports read from it so that a
heavy report never slows counselling. Without it, everything reads from "default".
"""

from django.conf import settings

REPLICA_ALIAS = "replica"


def reporting_alias() -> str:
    """The database alias reports and exports read from."""
    return REPLICA_ALIAS if REPLICA_ALIAS in settings.DATABASES else "default"
