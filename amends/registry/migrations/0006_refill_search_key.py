"""Issue 16: the linkage's normalisation learnt the surnames made from a clan's seat (光山 → 김,
amends/linkage/data/changssi_bongwan.csv) and reads a kana reading written without a space as the clerk
wrote it, so each person's ``search_key`` is filled again (the same fill as 0005)."""

import importlib

from django.db import migrations

# The linkage.search.SEARCH_KEY_VERSION whose keys this migration stores (0005 stored version 1).
SEARCH_KEY_VERSION = 2

_fill = importlib.import_module("amends.registry.migrations.0005_person_search_key").fill


def fill(apps, schema_editor):
    _fill(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0005_person_search_key"),
    ]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
