"""Search (issue 17): every person gets ``search_key``, their names folded to the words search matches
(amends.linkage.search.person_search_key), filled here for the people already registered; from now on
Person.save() keeps it. On PostgreSQL a trigram index (pg_trgm, a trusted extension the tables' owner
may create) lets ``search_key LIKE '% 이민%'`` use an index instead of reading every row; SQLite, for
development, has no such index and reads the column."""

from django.db import migrations, models

from amends.linkage.search import person_search_key

NAMES = ("name_hangul", "name_hanja", "name_japanese", "name_japanese_reading", "name_romanized")


def fill(apps, schema_editor):
    Person = apps.get_model("registry", "Person")
    people = Person.objects.only("pk", *NAMES).order_by("pk")
    batch = []
    for person in people.iterator(chunk_size=2000):
        person.search_key = person_search_key(**{name: getattr(person, name) for name in NAMES})
        batch.append(person)
        if len(batch) == 2000:
            Person.objects.bulk_update(batch, ["search_key"])
            batch = []
    Person.objects.bulk_update(batch, ["search_key"])


def index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            "CREATE INDEX registry_person_search_key_trgm ON registry_person"
            " USING gin (search_key gin_trgm_ops)"
        )


def unindex(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS registry_person_search_key_trgm")


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0004_personal_data_encrypted"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="search_key",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RunPython(index, unindex),
    ]
