"""The claim entry's names in the admin ("claim entries", not "claim entrys")."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("payments", "0005_claim_number")]

    operations = [
        migrations.AlterModelOptions(
            name="claimentry",
            options={
                "ordering": ["recorded_at", "id"],
                "verbose_name": "claim entry",
                "verbose_name_plural": "claim entries",
            },
        ),
    ]
