"""The database keeps the ledger honest on PostgreSQL and on SQLite alike, whatever code writes to it.

- An entry is inserted as a draft (``posted`` false); inserting one already posted is refused.
- Marking an entry posted is refused unless it has at least two postings and its debits equal its
  credits: an unbalanced entry cannot be saved as posted.
- Once posted, the entry and its postings cannot be updated or deleted, and no posting can be added
  to it. A correction is a reversing entry.

Each refusal raises an integrity error (SQLSTATE 23000 on PostgreSQL, SQLITE_CONSTRAINT_TRIGGER on
SQLite), so Django raises :class:`django.db.IntegrityError`. ``TRUNCATE`` (PostgreSQL's ``flush``)
is left alone; on SQLite a test that commits posted entries must drop and restore the triggers before
Django's flush, as ``tests/fund`` shows. The migration also loads the chart of accounts
(:data:`amends.law.ledger.CHART`).
"""

from django.db import migrations

from amends.law.ledger import CHART

ENTRY, POSTING = "fund_journalentry", "fund_posting"

UNBALANCED = "a journal entry is posted only with two or more postings whose debits equal its credits"
IMMUTABLE = "a posted journal entry cannot be changed: post a reversing entry"

POSTGRESQL_INSTALL = f"""
CREATE FUNCTION fund_entry_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    difference bigint;
    lines integer;
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.posted THEN
            RAISE EXCEPTION '{UNBALANCED}' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
    END IF;
    IF OLD.posted THEN
        RAISE EXCEPTION '{IMMUTABLE}' USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    IF NEW.posted THEN
        SELECT COALESCE(SUM(debit - credit), 0), COUNT(*) INTO difference, lines
            FROM {POSTING} WHERE entry_id = NEW.id;
        IF difference <> 0 OR lines < 2 THEN
            RAISE EXCEPTION '{UNBALANCED}' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
    END IF;
    RETURN NEW;
END;
$$;
CREATE FUNCTION fund_posting_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE')
       AND EXISTS (SELECT 1 FROM {ENTRY} WHERE id = OLD.entry_id AND posted) THEN
        RAISE EXCEPTION '{IMMUTABLE}' USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE')
       AND EXISTS (SELECT 1 FROM {ENTRY} WHERE id = NEW.entry_id AND posted) THEN
        RAISE EXCEPTION '{IMMUTABLE}' USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER fund_entry_guard BEFORE INSERT OR UPDATE OR DELETE ON {ENTRY}
    FOR EACH ROW EXECUTE FUNCTION fund_entry_guard();
CREATE TRIGGER fund_posting_guard BEFORE INSERT OR UPDATE OR DELETE ON {POSTING}
    FOR EACH ROW EXECUTE FUNCTION fund_posting_guard();
"""

POSTGRESQL_UNINSTALL = f"""
DROP TRIGGER fund_posting_guard ON {POSTING};
DROP TRIGGER fund_entry_guard ON {ENTRY};
DROP FUNCTION fund_posting_guard();
DROP FUNCTION fund_entry_guard();
"""

_POSTED = "(SELECT posted FROM " + ENTRY + " WHERE id = {side}.entry_id)"
SQLITE_TRIGGERS = {
    "fund_entry_born_draft": f"BEFORE INSERT ON {ENTRY} WHEN NEW.posted "
    f"BEGIN SELECT RAISE(ABORT, '{UNBALANCED}'); END",
    "fund_entry_post_balanced": f"BEFORE UPDATE ON {ENTRY} WHEN NOT OLD.posted AND NEW.posted AND ("
    f"(SELECT COALESCE(SUM(debit - credit), 0) FROM {POSTING} WHERE entry_id = NEW.id) <> 0 OR "
    f"(SELECT COUNT(*) FROM {POSTING} WHERE entry_id = NEW.id) < 2) "
    f"BEGIN SELECT RAISE(ABORT, '{UNBALANCED}'); END",
    "fund_entry_no_update": f"BEFORE UPDATE ON {ENTRY} WHEN OLD.posted "
    f"BEGIN SELECT RAISE(ABORT, '{IMMUTABLE}'); END",
    "fund_entry_no_delete": f"BEFORE DELETE ON {ENTRY} WHEN OLD.posted "
    f"BEGIN SELECT RAISE(ABORT, '{IMMUTABLE}'); END",
    "fund_posting_no_insert": f"BEFORE INSERT ON {POSTING} WHEN {_POSTED.format(side='NEW')} "
    f"BEGIN SELECT RAISE(ABORT, '{IMMUTABLE}'); END",
    "fund_posting_no_update": f"BEFORE UPDATE ON {POSTING} WHEN {_POSTED.format(side='OLD')} "
    f"OR {_POSTED.format(side='NEW')} BEGIN SELECT RAISE(ABORT, '{IMMUTABLE}'); END",
    "fund_posting_no_delete": f"BEFORE DELETE ON {POSTING} WHEN {_POSTED.format(side='OLD')} "
    f"BEGIN SELECT RAISE(ABORT, '{IMMUTABLE}'); END",
}


def _vendor(schema_editor) -> str:
    vendor = schema_editor.connection.vendor
    if vendor not in ("postgresql", "sqlite"):
        raise NotImplementedError(f"ledger triggers are written for PostgreSQL and SQLite, not {vendor}")
    return vendor


def install_triggers(apps, schema_editor):
    if _vendor(schema_editor) == "postgresql":
        schema_editor.execute(POSTGRESQL_INSTALL, params=None)
    else:
        for name, body in SQLITE_TRIGGERS.items():
            schema_editor.execute(f"CREATE TRIGGER {name} {body}", params=None)


def uninstall_triggers(apps, schema_editor):
    if _vendor(schema_editor) == "postgresql":
        schema_editor.execute(POSTGRESQL_UNINSTALL, params=None)
    else:
        for name in SQLITE_TRIGGERS:
            schema_editor.execute(f"DROP TRIGGER {name}", params=None)


def load_chart(apps, schema_editor):
    Account = apps.get_model("fund", "Account")
    for code, name, kind in CHART:
        Account.objects.get_or_create(code=code, defaults={"name": name, "kind": kind})


class Migration(migrations.Migration):
    dependencies = [
        ("fund", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(install_triggers, uninstall_triggers),
        migrations.RunPython(load_chart, migrations.RunPython.noop),
    ]
