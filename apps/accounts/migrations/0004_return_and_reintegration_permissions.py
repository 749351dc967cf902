from django.db import migrations

# Permissions introduced with programmes, applications and disclosures (issue 4), added to
# the default roles of existing installations without removing what an administrator granted.
ADDED = {
    "counsellor": ["disclosure.create"],
    "team_lead": ["disclosure.create", "programme.manage"],
    "authority_counsellor": ["disclosure.receive", "application.confirm"],
    "network_admin": ["programme.manage"],
}


def add_permissions(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    for code, permissions in ADDED.items():
        for role in Role.objects.filter(code=code):
            role.permissions = sorted(set(role.permissions) | set(permissions))
            role.save(update_fields=["permissions"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_counselling_in_depth_permissions")]
    operations = [migrations.RunPython(add_permissions, migrations.RunPython.noop)]
