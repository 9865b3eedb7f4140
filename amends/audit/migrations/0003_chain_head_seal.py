"""The chain head carries its seal (HMAC-SHA256 under ``settings.AUDIT_KEY``), and on PostgreSQL the
head may only move forward.

- ``seal``: the head as it stands when this migration runs is sealed with the installation's key (the
  migration runs as the tables' owner, with the same environment as the app); the genesis head (no
  event yet) needs no seal. From then on every
  append seals the head it writes (``amends.audit.services.audit_append``).
- PostgreSQL: a row trigger BEFORE UPDATE on the head refuses any change but one step forward onto the
  event just appended (its sequence one more, its hash that event's, naming the old head's hash). The
  app's role holds UPDATE on the head's columns only so that it can append (``amends db grant``), and
  not being the owner, it cannot disable the trigger. SQLite has no roles: whoever can write the file
  can drop a trigger, so there the seal and the checkpoints are the protection (docs/architecture.md).
"""

from django.conf import settings
from django.db import migrations, models

MESSAGE = "the audit chain head only moves forward, onto the event just appended"

POSTGRESQL_INSTALL = f"""
CREATE FUNCTION audit_chain_head_forward_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.id <> OLD.id OR NEW.sequence <> OLD.sequence + 1 OR NOT EXISTS (
        SELECT 1 FROM audit_auditevent
        WHERE sequence = NEW.sequence AND hash = NEW.hash AND previous_hash = OLD.hash
    ) THEN
        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER audit_chain_head_forward_only BEFORE UPDATE ON audit_auditchainhead
    FOR EACH ROW EXECUTE FUNCTION audit_chain_head_forward_only();
"""

POSTGRESQL_UNINSTALL = """
DROP TRIGGER audit_chain_head_forward_only ON audit_auditchainhead;
DROP FUNCTION audit_chain_head_forward_only();
"""


def seal_the_head(apps, schema_editor):
    from amends.audit.chain import head_seal

    AuditChainHead = apps.get_model("audit", "AuditChainHead")
    heads = AuditChainHead.objects.using(schema_editor.connection.alias)
    for head in heads.filter(sequence__gt=0):
        seal = head_seal(key=settings.AUDIT_KEY, sequence=head.sequence, hash=head.hash)
        heads.filter(pk=head.pk).update(seal=seal)


def install_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_INSTALL, params=None)


def uninstall_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_UNINSTALL, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_append_only"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditchainhead",
            name="seal",
            field=models.CharField(blank=True, default="", max_length=64),
        ),
        migrations.RunPython(seal_the_head, migrations.RunPython.noop),
        migrations.RunPython(install_trigger, uninstall_trigger),
    ]
