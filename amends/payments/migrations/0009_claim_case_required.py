"""Every claim has its case (0008 filled it): required from now on, and indexed with the state for the
dashboard's count."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("payments", "0008_claim_case")]

    operations = [
        migrations.AlterField(
            model_name="claim",
            name="case",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="claims",
                to="judgments.case",
                verbose_name="case",
            ),
        ),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(fields=["case", "state"], name="claim_case_state"),
        ),
    ]
