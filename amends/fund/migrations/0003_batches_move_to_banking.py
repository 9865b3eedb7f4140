"""Payees' accounts, payment batches and the bank's statements move to the banking app: the fund
forgets the models (state only); ``banking.0001`` takes them over and renames their tables."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("fund", "0002_ledger_guarantees"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
        migrations.RemoveConstraint(
            model_name='batchitem',
            name='batch_item_positive',
        ),
        migrations.RemoveField(
            model_name='statementline',
            name='item',
        ),
        migrations.RemoveField(
            model_name='paymentbatch',
            name='created_by',
        ),
        migrations.RemoveField(
            model_name='statement',
            name='imported_by',
        ),
        migrations.RemoveField(
            model_name='statementline',
            name='statement',
        ),
        migrations.RemoveField(
            model_name='batchitem',
            name='batch',
        ),
        migrations.RemoveField(
            model_name='batchitem',
            name='proposal',
        ),
        migrations.DeleteModel(
            name='PayeeAccount',
        ),
        migrations.DeleteModel(
            name='Statement',
        ),
        migrations.DeleteModel(
            name='StatementLine',
        ),
        migrations.DeleteModel(
            name='PaymentBatch',
        ),
        migrations.DeleteModel(
            name='BatchItem',
        ),
            ],
            database_operations=[],
        ),
    ]
