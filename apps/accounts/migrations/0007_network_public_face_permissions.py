from django.db import migrations

# Permissions introduced with the portal, the hotline desk and outreach (issue 10), added to
# the default roles of existing installations without removing what an administrator granted.
ADDED = {
    "counsellor": ["hotline.take", "material.order"],
    "team_lead": ["hotline.take", "hotline.supervise", "material.order"],
    "hotline_agent": ["hotline.take"],
    "network_coordinator": ["outreach.manage", "portal.manage", "material.order"],
    "authority_counsellor": ["material.order"],
    "partner_staff": ["material.order"],
    "network_admin": ["portal.manage", "outreach.manage"],
}


def add_permissions(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    for code, permissions in ADDED.items():
        for role in Role.objects.filter(code=code):
            role.permissions = sorted(set(role.permissions) | set(permissions))
            role.save(update_fields=["permissions"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0006_second_factor_enrolment_and_recovery_codes")]
    operations = [migrations.RunPython(add_permissions, migrations.RunPython.noop)]
