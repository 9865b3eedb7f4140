"""The database refuses to change or remove an audit event, on PostgreSQL and on SQLite alike.

- PostgreSQL: a row trigger BEFORE UPDATE OR DELETE raises; a statement trigger BEFORE TRUNCATE raises
  when the table holds any event. An empty table may be truncated, as Django's ``flush`` (and so every
  transactional test's teardown) does to every table: there is nothing recorded to lose.
- SQLite: BEFORE UPDATE and BEFORE DELETE triggers ``RAISE(ABORT)``. SQLite has no TRUNCATE, and a
  ``DELETE`` without ``WHERE`` still fires row triggers on a table that has them.

Both raise an integrity error (SQLSTATE 23000 on PostgreSQL, SQLITE_CONSTRAINT_TRIGGER on SQLite), so
Django raises :class:`django.db.IntegrityError` on either database.

A later migration that makes SQLite rebuild this table (most ``AlterField`` operations) drops these
triggers with the old table and must create them again; ``tests/audit`` fails if they are missing.
"""

from django.db import migrations

MESSAGE = "audit events are append-only"

POSTGRESQL_INSTALL = """
CREATE FUNCTION audit_event_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '{message}' USING ERRCODE = 'integrity_constraint_violation',
        HINT = 'A correction is a new event.';
END;
$$;
CREATE FUNCTION audit_event_refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM {table}) THEN
        RAISE EXCEPTION '{message}' USING ERRCODE = 'integrity_constraint_violation',
            HINT = 'A correction is a new event.';
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change();
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_truncate();
"""

POSTGRESQL_UNINSTALL = """
DROP TRIGGER audit_event_no_truncate ON {table};
DROP TRIGGER audit_event_append_only ON {table};
DROP FUNCTION audit_event_refuse_truncate();
DROP FUNCTION audit_event_refuse_change();
"""

SQLITE_INSTALL = [
    "CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON {table} "
    "BEGIN SELECT RAISE(ABORT, '{message}'); END;",
    "CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON {table} "
    "BEGIN SELECT RAISE(ABORT, '{message}'); END;",
]

SQLITE_UNINSTALL = [
    "DROP TRIGGER audit_event_no_delete;",
    "DROP TRIGGER audit_event_no_update;",
]


def _statements(apps, schema_editor, *, install: bool) -> list[str]:
    table = schema_editor.quote_name(apps.get_model("audit", "AuditEvent")._meta.db_table)
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        statements = [POSTGRESQL_INSTALL if install else POSTGRESQL_UNINSTALL]
    elif vendor == "sqlite":
        statements = SQLITE_INSTALL if install else SQLITE_UNINSTALL
    else:
        # An audit trail the database silently lets anyone rewrite is worse than a failed migration.
        raise NotImplementedError(f"append-only audit triggers are written for PostgreSQL and SQLite, not {vendor}")
    return [statement.format(table=table, message=MESSAGE) for statement in statements]


def install_triggers(apps, schema_editor):
    for statement in _statements(apps, schema_editor, install=True):
        schema_editor.execute(statement, params=None)


def uninstall_triggers(apps, schema_editor):
    for statement in _statements(apps, schema_editor, install=False):
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(install_triggers, uninstall_triggers),
    ]
