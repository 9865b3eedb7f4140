"""The roles of docs/architecture.md as groups, so that a user's roles are their group memberships."""

from django.db import migrations

ROLES = ("caseworker", "legal_reviewer", "finance_officer", "approver", "auditor", "executive")


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for role in ROLES:
        Group.objects.get_or_create(name=role)


class Migration(migrations.Migration):
    dependencies = [("payments", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
