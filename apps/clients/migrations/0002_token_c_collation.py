from django.db import migrations


def c_collation(apps, schema_editor):
    """Name tokens are compared as byte ranges (prefix search); on PostgreSQL a database
    created with a language collation (de-DE) would order them differently, so the column
    gets the C collation there. SQLite already compares bytes."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            'ALTER TABLE clients_personnametoken ALTER COLUMN token TYPE varchar(64) COLLATE "C"'
        )


class Migration(migrations.Migration):
    dependencies = [("clients", "0001_initial")]
    operations = [migrations.RunPython(c_collation, migrations.RunPython.noop)]
