"""Processing times carry their name in German and English (labels that are data keep their
translations with the row, apps.core.i18n_data). The shipped rows had English names in `name`."""

from django.db import migrations, models

# code: (shipped English name, German name)
SHIPPED = {
    "standard": ("Standard (up to 8 weeks)", "Standard (bis zu 8 Wochen)"),
    "high_volume": ("High-volume countries of origin (up to 12 weeks)",
                    "Herkunftsländer mit vielen Anträgen (bis zu 12 Wochen)"),
}


def forwards(apps, schema_editor):
    ProcessingTime = apps.get_model("applications", "ProcessingTime")
    for code, (english, german) in SHIPPED.items():
        # A name an administrator changed stays as it is; it is the German one from now on.
        for row in ProcessingTime.objects.filter(code=code):
            row.name_en = english
            if row.name == english:
                row.name = german
            row.save(update_fields=["name", "name_en"])


def backwards(apps, schema_editor):
    ProcessingTime = apps.get_model("applications", "ProcessingTime")
    for code, (english, german) in SHIPPED.items():
        ProcessingTime.objects.filter(code=code, name=german).update(name=english)


class Migration(migrations.Migration):
    dependencies = [("applications", "0002_processing_times")]

    operations = [
        migrations.AddField(
            model_name="processingtime",
            name="name_en",
            field=models.CharField(blank=True, max_length=120, verbose_name="name (English)"),
        ),
        migrations.RunPython(forwards, backwards),
    ]
