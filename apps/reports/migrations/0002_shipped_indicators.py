from django.db import migrations

from apps.reports.indicators.shipped import ensure_shipped, rows


def ship(apps, schema_editor):
    ensure_shipped(apps.get_model("reports", "Indicator"), schema_editor.connection.alias)


def unship(apps, schema_editor):
    Indicator = apps.get_model("reports", "Indicator")
    Indicator.objects.using(schema_editor.connection.alias).filter(
        code__in=[row["code"] for row in rows()]).delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_indicator")]

    operations = [migrations.RunPython(ship, unship)]
