from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "apps.audit"
    label = "audit"

    def ready(self):
        from apps.audit.services import record
        from apps.core.hooks import register_audit_recorder

        # accounts sits below audit and writes its security events through this hook.
        register_audit_recorder(record)
