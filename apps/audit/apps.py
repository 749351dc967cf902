from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "apps.audit"
    label = "audit"

    def ready(self):
        from apps.audit.exports import AUDIT_LOG
        from apps.audit.services import record
        from apps.core.exports import register_export
        from apps.core.hooks import register_audit_recorder

        # accounts sits below audit and writes its security events through this hook.
        register_audit_recorder(record)
        # The log as CSV or Excel, in the request (small) or on the job queue (apps.jobs.exports).
        register_export(AUDIT_LOG)
