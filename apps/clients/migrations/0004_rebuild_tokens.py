from django.db import migrations


def c_collation(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            'ALTER TABLE clients_householdnametoken ALTER COLUMN token TYPE varchar(64) COLLATE "C"'
        )


def rebuild(apps, schema_editor):
    """Person tokens follow the current skeleton rules; household tokens are their union."""
    from apps.clients.names import search_tokens

    Person = apps.get_model("clients", "Person")
    PersonNameToken = apps.get_model("clients", "PersonNameToken")
    HouseholdMember = apps.get_model("clients", "HouseholdMember")
    HouseholdNameToken = apps.get_model("clients", "HouseholdNameToken")
    PersonNameToken.objects.all().delete()
    persons = Person.objects.values_list("pk", "family_name", "given_names", "name_variants")
    batch = []
    for pk, family, given, variants in persons.iterator(chunk_size=5000):
        batch.extend(PersonNameToken(person_id=pk, token=t) for t in search_tokens(family, given, variants))
        if len(batch) > 20000:
            PersonNameToken.objects.bulk_create(batch, batch_size=5000)
            batch = []
    PersonNameToken.objects.bulk_create(batch, batch_size=5000)
    HouseholdNameToken.objects.all().delete()
    pairs = PersonNameToken.objects.filter(person__memberships__isnull=False).values_list(
        "person__memberships__household_id", "token").distinct()
    batch = []
    for household_id, token in pairs.iterator(chunk_size=10000):
        batch.append(HouseholdNameToken(household_id=household_id, token=token))
        if len(batch) > 20000:
            HouseholdNameToken.objects.bulk_create(batch, batch_size=5000)
            batch = []
    HouseholdNameToken.objects.bulk_create(batch, batch_size=5000)


class Migration(migrations.Migration):
    dependencies = [("clients", "0003_household_name_tokens")]
    operations = [
        migrations.RunPython(c_collation, migrations.RunPython.noop),
        migrations.RunPython(rebuild, migrations.RunPython.noop),
    ]
