from django.db import migrations


def load(apps, schema_editor):
    from apps.reintegration.survey_rss import ensure_survey

    ensure_survey(*(apps.get_model("reintegration", name)
                    for name in ("Survey", "SurveyDimension", "SurveyScale", "SurveyQuestion")))


class Migration(migrations.Migration):
    dependencies = [("reintegration", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
