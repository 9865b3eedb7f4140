"""The banking app takes over the payees' accounts, payment batches and statements the fund app
created (``fund.0001``): the models enter this app's state under their old tables, which are then
renamed to this app's names. No row moves."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ('fund', '0003_batches_move_to_banking'),
        ('judgments', '0001_initial'),
        ('payments', '0002_roles'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
        migrations.CreateModel(
            name='PayeeAccount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('holder', models.CharField(max_length=140, verbose_name='account holder')),
                ('bank_code', models.CharField(help_text='e.g. 004 for KB Kookmin', max_length=11, verbose_name='bank code')),
                ('bank_name', models.CharField(max_length=140, verbose_name='bank')),
                ('account_number', models.CharField(max_length=34, verbose_name='account number')),
                ('creditor', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='payee_account', to='judgments.creditor')),
                ('recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
        ),
        migrations.CreateModel(
            name='PaymentBatch',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('reference', models.CharField(max_length=35, unique=True, verbose_name='reference')),
                ('execution_on', models.DateField(verbose_name='requested execution date')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-created_at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='BatchItem',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('end_to_end_id', models.CharField(max_length=35, unique=True, verbose_name='end-to-end reference')),
                ('amount', models.BigIntegerField(verbose_name='amount')),
                ('holder', models.CharField(max_length=140)),
                ('bank_code', models.CharField(max_length=11)),
                ('bank_name', models.CharField(max_length=140)),
                ('account_number', models.CharField(max_length=34)),
                ('proposal', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='batch_item', to='payments.paymentproposal')),
                ('batch', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='items', to='banking.paymentbatch')),
            ],
            options={
                'ordering': ['batch_id', 'id'],
            },
        ),
        migrations.CreateModel(
            name='Statement',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('identity', models.CharField(max_length=64, unique=True)),
                ('filename', models.CharField(blank=True, max_length=200)),
                ('imported_at', models.DateTimeField(auto_now_add=True)),
                ('imported_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-imported_at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='StatementLine',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('identity', models.CharField(max_length=64, unique=True)),
                ('booked_on', models.DateField(verbose_name='booked on')),
                ('amount', models.BigIntegerField(verbose_name='amount')),
                ('debit', models.BooleanField(default=True, verbose_name='debit')),
                ('bank_reference', models.CharField(blank=True, max_length=100, verbose_name='bank reference')),
                ('end_to_end_id', models.CharField(blank=True, max_length=35, verbose_name='end-to-end reference')),
                ('status', models.CharField(choices=[('matched', 'matched'), ('unmatched', 'does not match')], max_length=10, verbose_name='status')),
                ('reason', models.CharField(blank=True, max_length=300, verbose_name='reason')),
                ('item', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='statement_line', to='banking.batchitem')),
                ('statement', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='lines', to='banking.statement')),
            ],
            options={
                'ordering': ['statement_id', 'id'],
            },
        ),
        migrations.AddConstraint(
            model_name='batchitem',
            constraint=models.CheckConstraint(condition=models.Q(('amount__gt', 0)), name='batch_item_positive'),
        ),
                migrations.AlterModelTable(name='payeeaccount', table='fund_payeeaccount'),
                migrations.AlterModelTable(name='paymentbatch', table='fund_paymentbatch'),
                migrations.AlterModelTable(name='batchitem', table='fund_batchitem'),
                migrations.AlterModelTable(name='statement', table='fund_statement'),
                migrations.AlterModelTable(name='statementline', table='fund_statementline'),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name='payeeaccount', table=None),
        migrations.AlterModelTable(name='paymentbatch', table=None),
        migrations.AlterModelTable(name='batchitem', table=None),
        migrations.AlterModelTable(name='statement', table=None),
        migrations.AlterModelTable(name='statementline', table=None),
    ]
