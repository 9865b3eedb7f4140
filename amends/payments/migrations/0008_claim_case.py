"""Each claim carries its creditor's award's case (issue 14), so that the dashboard counts claims by
case and state from this table alone. Filled here from the creditor and award in one UPDATE (plain
SQL both databases run, no application code); 0009 makes it required, in a transaction of its own
(PostgreSQL will not alter a table with the UPDATE's deferred foreign-key checks still pending)."""

import django.db.models.deletion
from django.db import migrations, models

FILL = """
UPDATE payments_claim SET case_id = (
    SELECT judgments_award.case_id FROM judgments_creditor
    JOIN judgments_award ON judgments_award.id = judgments_creditor.award_id
    WHERE judgments_creditor.id = payments_claim.creditor_id
)
"""


class Migration(migrations.Migration):
    dependencies = [
        ("judgments", "0003_correction"),
        ("payments", "0007_owed_lines"),
    ]

    operations = [
        migrations.AddField(
            model_name="claim",
            name="case",
            field=models.ForeignKey(
                db_index=False,
                null=True,
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="claims",
                to="judgments.case",
                verbose_name="case",
            ),
        ),
        migrations.RunSQL(FILL, reverse_sql=migrations.RunSQL.noop),
    ]
