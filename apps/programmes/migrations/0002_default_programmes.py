from django.db import migrations


def forwards(apps, schema_editor):
    from apps.programmes.defaults import ensure_defaults

    ensure_defaults(apps.get_model("programmes", "Programme"), apps.get_model("programmes", "ProgrammeVersion"))


class Migration(migrations.Migration):
    dependencies = [("programmes", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
