"""Registers the personal data of the apps below privacy (accounts, audit, jobs).

Apps above privacy register their record types themselves (their `privacy.py`, from their
`ready()`). The apps below may not import privacy (docs/architecture.md), so each describes
its record types and processing activities as plain keyword arguments in its own
`privacy.py` (RECORD_TYPES, PROCESSING_ACTIVITIES), and privacy registers them from here.
"""

from apps.privacy.registry import (
    ProcessingActivity,
    RecordType,
    register_processing_activity,
    register_record_type,
)


def register() -> None:
    from apps.accounts import privacy as accounts
    from apps.audit import privacy as audit
    from apps.jobs import privacy as jobs

    for module in (accounts, audit, jobs):
        for spec in getattr(module, "RECORD_TYPES", ()):
            register_record_type(RecordType(**spec))
        for spec in getattr(module, "PROCESSING_ACTIVITIES", ()):
            register_processing_activity(ProcessingActivity(**spec))
