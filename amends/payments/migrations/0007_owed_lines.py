"""The stored summary of what is owed (issue 14): each part of each award as a straight line in the
day (:class:`amends.payments.models.OwedLine`).

The table starts empty: an award without lines is computed when read, exactly as before, so nothing
is wrong meanwhile. ``amends owed rebuild`` (after upgrading) or the daily ``amends owed roll`` writes
the lines with the code of the day; a migration does not run application code, which would break
against the tables of a later version."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("judgments", "0003_correction"),
        ("fund", "0004_ledger_statement_checks"),
        ("registry", "0006_refill_search_key"),
        ("payments", "0006_claim_entry_names"),
    ]

    operations = [
        migrations.CreateModel(
            name="OwedLine",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("opens_award", models.BooleanField(default=False)),
                ("principal", models.BigIntegerField()),
                ("interest", models.BigIntegerField()),
                ("paid", models.BigIntegerField()),
                ("outstanding", models.BigIntegerField()),
                ("remainder", models.BigIntegerField()),
                ("per_day", models.BigIntegerField()),
                ("denominator", models.BigIntegerField()),
                ("from_day", models.BigIntegerField()),
                ("last_day", models.BigIntegerField(db_index=True)),
                (
                    "award",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="judgments.award"
                    ),
                ),
                (
                    "case",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="judgments.case"
                    ),
                ),
                (
                    "creditor",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="judgments.creditor",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("award", "creditor"), name="owed_line_one_per_part"),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("remainder__gte", 0),
                            ("remainder__lt", models.F("denominator")),
                            ("per_day__gte", 0),
                        ),
                        name="owed_line_remainder_below_denominator",
                    ),
                ],
            },
        ),
    ]
