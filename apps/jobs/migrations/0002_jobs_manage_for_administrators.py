from django.db import migrations

# The jobs page (issue 9) for the administrators of existing installations, without removing
# what an administrator granted. New installations get it from accounts.roles.DEFAULT_ROLES.
ADDED = {"org_admin": ["jobs.manage"]}


def add_permissions(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    for code, permissions in ADDED.items():
        for role in Role.objects.filter(code=code):
            role.permissions = sorted(set(role.permissions) | set(permissions))
            role.save(update_fields=["permissions"])


class Migration(migrations.Migration):
    dependencies = [("jobs", "0001_outbox"), ("accounts", "0005_mobile_counselling_permissions")]
    operations = [migrations.RunPython(add_permissions, migrations.RunPython.noop)]
