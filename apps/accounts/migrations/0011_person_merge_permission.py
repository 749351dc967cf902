from django.db import migrations

# Team leads review possible duplicate persons and merge them, reversibly (issue 14).
ADDED = {"team_lead": ["person.merge"]}


def add_permissions(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    for code, permissions in ADDED.items():
        for role in Role.objects.filter(code=code):
            role.permissions = sorted(set(role.permissions) | set(permissions))
            role.save(update_fields=["permissions"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0010_membership_deactivated_at")]
    operations = [migrations.RunPython(add_permissions, migrations.RunPython.noop)]
