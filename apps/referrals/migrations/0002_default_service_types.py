from django.db import migrations


def load(apps, schema_editor):
    from apps.referrals.service_types import ensure_service_types

    ensure_service_types(apps.get_model("referrals", "ServiceType"))


class Migration(migrations.Migration):
    dependencies = [("referrals", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
