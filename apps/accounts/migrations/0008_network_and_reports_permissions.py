from django.db import migrations

# Permissions introduced with the network's own work and the reports (issue 11), added to the
# default roles of existing installations without removing what an administrator granted.
ADDED = {
    "counsellor": ["network.participate"],
    "team_lead": ["network.participate", "report.drilldown"],
    "network_coordinator": ["network.participate", "network.manage", "report.view"],
    "authority_counsellor": ["network.participate"],
    "partner_staff": ["network.participate"],
    "network_admin": ["network.participate", "network.manage"],
}


def add_permissions(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    for code, permissions in ADDED.items():
        for role in Role.objects.filter(code=code):
            role.permissions = sorted(set(role.permissions) | set(permissions))
            role.save(update_fields=["permissions"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0007_network_public_face_permissions")]
    operations = [migrations.RunPython(add_permissions, migrations.RunPython.noop)]
