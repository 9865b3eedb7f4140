"""Every claim has its number from the day it is opened: claims that already have a portal number keep
it, the others draw one."""

from django.db import migrations, models

import amends.law.claim_numbers


def give_numbers(apps, schema_editor):
    Claim = apps.get_model("payments", "Claim")
    PortalAccess = apps.get_model("portal", "PortalAccess")
    taken = set(PortalAccess.objects.values_list("number", flat=True))
    by_claim = dict(PortalAccess.objects.values_list("claim_id", "number"))
    for claim in Claim.objects.only("pk").iterator():
        number = by_claim.get(claim.pk)
        while number is None or (number in taken and by_claim.get(claim.pk) != number):
            number = amends.law.claim_numbers.draw()
        taken.add(number)
        Claim.objects.filter(pk=claim.pk).update(number=number)


class Migration(migrations.Migration):
    dependencies = [
        ("payments", "0004_payment_returns"),
        ("portal", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="claim",
            name="number",
            field=models.CharField(max_length=20, null=True, verbose_name="claim number"),
        ),
        migrations.RunPython(give_numbers, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="claim",
            name="number",
            field=models.CharField(
                default=amends.law.claim_numbers.draw, max_length=20, unique=True, verbose_name="claim number"
            ),
        ),
    ]
