from django.db import migrations

SOURCE = "https://www.returningfromgermany.de/de/reaggarp/"


def seed(apps, schema_editor):
    ProcessingTime = apps.get_model("applications", "ProcessingTime")
    # facts.md §1.1 [V]: up to 8 weeks for complete applications, up to 12 weeks for
    # high-volume countries of origin. Which countries are "high-volume" is not published:
    # that row ships without countries and flagged unverified until an operator fills it.
    ProcessingTime.objects.get_or_create(code="standard", defaults={
        "name": "Standard (up to 8 weeks)", "weeks": 8, "countries": [], "source_url": SOURCE,
        "verified_on": "2024-06-25", "unverified": False})
    ProcessingTime.objects.get_or_create(code="high_volume", defaults={
        "name": "High-volume countries of origin (up to 12 weeks)", "weeks": 12, "countries": [],
        "source_url": SOURCE, "verified_on": None, "unverified": True})


class Migration(migrations.Migration):
    dependencies = [("applications", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
