"""The ledger's guarantees (migration ``0002``) checked once per statement over all its rows on
PostgreSQL, instead of once per row: what bulk posting (``COPY``) needs to be fast.

What the database guarantees, on PostgreSQL and SQLite alike, whatever code writes to it:

1. An entry becomes posted only with two or more postings whose debits equal its credits, whether it
   is marked posted (``UPDATE``) or inserted posted (``INSERT``, its postings written before it in
   the same transaction, as bulk posting does: the foreign key to the entry is checked at commit).
   ``0002`` refused every entry inserted posted; this is the same guarantee (a posted entry balances)
   with one more way in, checked the same way.
2. A posted entry cannot be updated (not even back to draft) or deleted.
3. No posting of a posted entry can be updated or deleted, and no posting can be added to a posted
   entry or moved into one.

And by the schema (``0001``): a posting is a debit or a credit of more than 0 won (check constraint),
to an existing account and entry (foreign keys, checked at commit; an account with postings cannot be
deleted). The chart of accounts is loaded by ``0002``.

PostgreSQL: ``AFTER … FOR EACH STATEMENT`` triggers read the statement's rows from its transition
tables (``REFERENCING NEW TABLE`` / ``OLD TABLE``) and check them all in one query, so that posting
10,000 entries costs a few set-based queries rather than 30,000 trigger calls. They run at the end of
each statement (not deferred), raise SQLSTATE 23000 as ``0002`` did, and see everything the statement
wrote. SQLite has only row-level triggers: ``0002``'s stay, with the insertion rule of 1. and the
balance read in one query. ``TRUNCATE`` is left alone, as before.
"""

from django.db import migrations

ENTRY, POSTING = "fund_journalentry", "fund_posting"

UNBALANCED = "a journal entry is posted only with two or more postings whose debits equal its credits"
IMMUTABLE = "a posted journal entry cannot be changed: post a reversing entry"


def _raise(message: str) -> str:
    return f"RAISE EXCEPTION '{message}' USING ERRCODE = 'integrity_constraint_violation';"


# The entries of ``new_entries`` marked posted that do not balance or have fewer than two postings.
_UNBALANCED_POSTED = f"""
    IF EXISTS (
        SELECT 1 FROM new_entries n LEFT JOIN {POSTING} p ON p.entry_id = n.id
        WHERE n.posted GROUP BY n.id
        HAVING COUNT(p.id) < 2 OR COALESCE(SUM(p.debit - p.credit), 0) <> 0
    ) THEN
        {_raise(UNBALANCED)}
    END IF;"""


def _posted_entry_among(entry_ids: str) -> str:
    return f"""
    IF EXISTS (SELECT 1 FROM {ENTRY} e WHERE e.posted AND e.id IN ({entry_ids})) THEN
        {_raise(IMMUTABLE)}
    END IF;"""


def _function(name: str, body: str) -> str:
    return (
        f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN{body}\n"
        f"    RETURN NULL;\nEND;\n$$;\n"
    )


# (trigger and function name, table, event, transition tables, body)
POSTGRESQL_TRIGGERS = (
    ("fund_entry_insert_check", ENTRY, "INSERT", "NEW TABLE AS new_entries", _UNBALANCED_POSTED),
    (
        "fund_entry_update_check",
        ENTRY,
        "UPDATE",
        "OLD TABLE AS old_entries NEW TABLE AS new_entries",
        f"""
    IF EXISTS (SELECT 1 FROM old_entries WHERE posted) THEN
        {_raise(IMMUTABLE)}
    END IF;{_UNBALANCED_POSTED}""",
    ),
    (
        "fund_entry_delete_check",
        ENTRY,
        "DELETE",
        "OLD TABLE AS old_entries",
        f"""
    IF EXISTS (SELECT 1 FROM old_entries WHERE posted) THEN
        {_raise(IMMUTABLE)}
    END IF;""",
    ),
    (
        "fund_posting_insert_check",
        POSTING,
        "INSERT",
        "NEW TABLE AS new_postings",
        _posted_entry_among("SELECT entry_id FROM new_postings"),
    ),
    (
        "fund_posting_update_check",
        POSTING,
        "UPDATE",
        "OLD TABLE AS old_postings NEW TABLE AS new_postings",
        _posted_entry_among("SELECT entry_id FROM old_postings UNION ALL SELECT entry_id FROM new_postings"),
    ),
    (
        "fund_posting_delete_check",
        POSTING,
        "DELETE",
        "OLD TABLE AS old_postings",
        _posted_entry_among("SELECT entry_id FROM old_postings"),
    ),
)

POSTGRESQL_INSTALL = "".join(
    _function(name, body) + f"CREATE TRIGGER {name} AFTER {event} ON {table} REFERENCING {tables}\n"
    f"    FOR EACH STATEMENT EXECUTE FUNCTION {name}();\n"
    for name, table, event, tables, body in POSTGRESQL_TRIGGERS
)
POSTGRESQL_UNINSTALL = "".join(
    f"DROP TRIGGER {name} ON {table};\nDROP FUNCTION {name}();\n"
    for name, table, _event, _tables, _body in POSTGRESQL_TRIGGERS
)
# 0002's row triggers, replaced by the above (and put back if this migration is reversed).
POSTGRESQL_ROW_TRIGGERS_DROP = f"""
DROP TRIGGER fund_posting_guard ON {POSTING};
DROP TRIGGER fund_entry_guard ON {ENTRY};
DROP FUNCTION fund_posting_guard();
DROP FUNCTION fund_entry_guard();
"""

# SQLite: 0002's triggers by name; these two are replaced (an entry may be inserted posted if its
# postings balance; the balance and the count in one query), the others stay as they are.
_UNBALANCED_ENTRY = (
    f"(SELECT COUNT(*) < 2 OR COALESCE(SUM(debit - credit), 0) <> 0 FROM {POSTING} WHERE entry_id = NEW.id)"
)
SQLITE_REPLACED = {
    "fund_entry_born_draft": None,
    "fund_entry_post_balanced": f"BEFORE UPDATE ON {ENTRY} WHEN NOT OLD.posted AND NEW.posted AND "
    f"{_UNBALANCED_ENTRY} BEGIN SELECT RAISE(ABORT, '{UNBALANCED}'); END",
}
SQLITE_ADDED = {
    "fund_entry_born_balanced": f"BEFORE INSERT ON {ENTRY} WHEN NEW.posted AND {_UNBALANCED_ENTRY} "
    f"BEGIN SELECT RAISE(ABORT, '{UNBALANCED}'); END",
}


def _vendor(schema_editor) -> str:
    vendor = schema_editor.connection.vendor
    if vendor not in ("postgresql", "sqlite"):
        raise NotImplementedError(f"ledger triggers are written for PostgreSQL and SQLite, not {vendor}")
    return vendor


def _previous():
    from importlib import import_module

    return import_module("amends.fund.migrations.0002_ledger_guarantees")


def install(apps, schema_editor):
    if _vendor(schema_editor) == "postgresql":
        schema_editor.execute(POSTGRESQL_ROW_TRIGGERS_DROP + POSTGRESQL_INSTALL, params=None)
        return
    for name, body in SQLITE_REPLACED.items():
        schema_editor.execute(f"DROP TRIGGER {name}", params=None)
        if body:
            schema_editor.execute(f"CREATE TRIGGER {name} {body}", params=None)
    for name, body in SQLITE_ADDED.items():
        schema_editor.execute(f"CREATE TRIGGER {name} {body}", params=None)


def uninstall(apps, schema_editor):
    previous = _previous()
    if _vendor(schema_editor) == "postgresql":
        schema_editor.execute(POSTGRESQL_UNINSTALL + previous.POSTGRESQL_INSTALL, params=None)
        return
    for name in SQLITE_ADDED:
        schema_editor.execute(f"DROP TRIGGER {name}", params=None)
    for name in SQLITE_REPLACED:
        if SQLITE_REPLACED[name]:
            schema_editor.execute(f"DROP TRIGGER {name}", params=None)
        schema_editor.execute(f"CREATE TRIGGER {name} {previous.SQLITE_TRIGGERS[name]}", params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("fund", "0003_batches_move_to_banking"),
    ]

    operations = [
        migrations.RunPython(install, uninstall),
    ]
