from django.db import migrations


def create_roles(apps, schema_editor):
    from apps.accounts.roles import DEFAULT_ROLES

    Role = apps.get_model("accounts", "Role")
    for code, name, name_en, permissions in DEFAULT_ROLES:
        Role.objects.get_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "permissions": permissions}
        )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
