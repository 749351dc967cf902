from django.db import migrations

# Permissions introduced with mobile counselling (issue 5), added to the default roles of
# existing installations without removing what an administrator granted.
ADDED = {
    "team_lead": ["mobile.plan", "coverage.view"],
    "network_coordinator": ["coverage.view"],
    "authority_counsellor": ["mobile.host"],
    "partner_staff": ["mobile.host"],
}


def add_permissions(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    for code, permissions in ADDED.items():
        for role in Role.objects.filter(code=code):
            role.permissions = sorted(set(role.permissions) | set(permissions))
            role.save(update_fields=["permissions"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_return_and_reintegration_permissions")]
    operations = [migrations.RunPython(add_permissions, migrations.RunPython.noop)]
