from django.db import migrations


def create_topics(apps, schema_editor):
    from apps.cases.topics import DEFAULT_TOPICS

    Topic = apps.get_model("cases", "Topic")
    for order, (code, name, name_en) in enumerate(DEFAULT_TOPICS):
        Topic.objects.get_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "sort_order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]
    operations = [migrations.RunPython(create_topics, migrations.RunPython.noop)]
