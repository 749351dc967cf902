from django.db import migrations


def load(apps, schema_editor):
    from apps.regions.importers import import_default

    import_default(apps.get_model("regions", "District"), apps.get_model("regions", "Postcode"))


class Migration(migrations.Migration):
    dependencies = [("regions", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
