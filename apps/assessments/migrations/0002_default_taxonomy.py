from django.db import migrations


def create_defaults(apps, schema_editor):
    from apps.assessments.defaults import ensure_defaults

    ensure_defaults(apps.get_model("assessments", "AssessmentSection"),
                    apps.get_model("assessments", "AssessmentQuestion"),
                    apps.get_model("assessments", "VulnerabilityType"))


class Migration(migrations.Migration):
    dependencies = [("assessments", "0001_initial")]
    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
