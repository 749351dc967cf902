from django.db import migrations


def install(apps, schema_editor):
    from apps.audit import guard

    # Only the entries' table existed then (0004 guards the checkpoints).
    guard.install(schema_editor.connection, tables=[guard.TABLE])


def uninstall(apps, schema_editor):
    from apps.audit import guard

    guard.uninstall(schema_editor.connection, tables=[guard.TABLE])


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(install, uninstall)]
