from django.db import migrations

# The data protection officer oversees retention and erases and exports on request (issue 13).
ADDED = {"data_protection_officer": ["privacy.manage", "privacy.erase"]}


def add_permissions(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    for code, permissions in ADDED.items():
        for role in Role.objects.filter(code=code):
            role.permissions = sorted(set(role.permissions) | set(permissions))
            role.save(update_fields=["permissions"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0008_network_and_reports_permissions")]
    operations = [migrations.RunPython(add_permissions, migrations.RunPython.noop)]
