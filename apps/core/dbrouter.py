"""The database router for a read replica (settings DATABASE_REPLICA_URL).

Reads go where the caller says: reporting code reads with `.using(reporting_alias())`
(apps.core.db) and everything else from "default". The router only makes sure that nothing
is ever written to the replica (a read-only standby would refuse it anyway, at run time) and
that migrations run on the primary only: the replica receives them through replication.
Objects read from the replica may be related to objects of the primary (the same data).
"""

from apps.core.db import REPLICA_ALIAS


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        return None  # the caller's .using() or "default"

    def db_for_write(self, model, **hints):
        # An object read from the replica and saved again goes to the primary.
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return {obj1._state.db or "default", obj2._state.db or "default"} <= {"default", REPLICA_ALIAS}

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA_ALIAS
