from django.db import migrations


def install(apps, schema_editor):
    from apps.audit import guard

    guard.install(schema_editor.connection, tables=[guard.CHECKPOINT_TABLE])


def uninstall(apps, schema_editor):
    from apps.audit import guard

    guard.uninstall(schema_editor.connection, tables=[guard.CHECKPOINT_TABLE])


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_checkpoints")]
    operations = [migrations.RunPython(install, uninstall)]
