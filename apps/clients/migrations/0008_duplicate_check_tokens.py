"""The duplicate check's consonant-frame tokens ("=" and "#", see apps.clients.names.match_tokens)
for every person. Existing tokens stay as they are: only the new kinds are added, in batches of
persons walked by primary key (anonymised persons keep none), so that a database of millions
of persons is done in minutes."""

from django.db import migrations

BATCH = 10000


def add_tokens(apps, schema_editor):
    from apps.clients.names import match_tokens

    Person = apps.get_model("clients", "Person")
    PersonNameToken = apps.get_model("clients", "PersonNameToken")
    cache = {}  # names repeat: a few thousand spellings make most persons

    def tokens(text):
        if text not in cache:
            cache[text] = match_tokens(text)
        return cache[text]

    last = 0
    while True:
        rows = list(Person.objects.filter(pk__gt=last, anonymised_at__isnull=True).order_by("pk").values_list(
            "pk", "family_name", "given_names", "name_variants")[:BATCH])
        if not rows:
            return
        PersonNameToken.objects.bulk_create(
            [PersonNameToken(person_id=pk, token=token)
             for pk, family, given, variants in rows for token in tokens(family) | tokens(given) | tokens(variants)],
            batch_size=BATCH)
        last = rows[-1][0]


def remove_tokens(apps, schema_editor):
    PersonNameToken = apps.get_model("clients", "PersonNameToken")
    PersonNameToken.objects.filter(token__startswith="=").delete()
    PersonNameToken.objects.filter(token__startswith="#").delete()


class Migration(migrations.Migration):
    dependencies = [("clients", "0007_person_merged_into")]
    operations = [migrations.RunPython(add_tokens, remove_tokens, elidable=True)]
