"""Helpers shared by the tests."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection

from amends.audit.models import AuditChainHead, AuditEvent
from amends.fund.models import JournalEntry, Posting


@contextmanager
def append_only_suspended() -> Iterator[None]:
    """Lift the database's refusal to change audit events, as a tamperer with the table owner's rights
    could, and restore it afterwards; inside a test's transaction, both are rolled back with it."""
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # ALTER TABLE refuses to run while the deferred foreign-key checks of the events just
            # inserted are pending: run them now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
            try:
                yield
            finally:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        else:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
                [AuditEvent._meta.db_table],
            )
            triggers = cursor.fetchall()
            assert len(triggers) == 2, triggers
            for name, _sql in triggers:
                cursor.execute(f"DROP TRIGGER {connection.ops.quote_name(name)}")
            try:
                yield
            finally:
                for _name, sql in triggers:
                    cursor.execute(sql)


def clear_audit_chain() -> None:
    """Empty the audit chain, as a test that commits must before Django's flush empties the database
    (the database refuses to delete audit events)."""
    with append_only_suspended():
        AuditEvent.objects.all().delete()
        AuditChainHead.objects.all().delete()


def clear_append_only_records() -> None:
    """Empty the ledger and the audit chain: what a test that commits must do before Django's flush,
    which cannot delete posted journal entries (on SQLite) nor audit events."""
    clear_ledger()
    clear_audit_chain()


def grant(user, *roles: str):
    """Give ``user`` these roles. The groups come from a data migration, which a committing test's
    flush empties; get_or_create keeps later tests independent of the order they run in."""
    from django.contrib.auth.models import Group

    user.groups.set([Group.objects.get_or_create(name=role)[0] for role in roles])
    return user


def clear_ledger() -> None:
    """Delete every journal entry, with the ledger's triggers lifted for the while: on SQLite, Django's
    flush deletes rows one by one and the triggers refuse to delete posted entries."""
    if connection.vendor == "postgresql":
        tables = [connection.ops.quote_name(model._meta.db_table) for model in (JournalEntry, Posting)]
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for table in tables:
                cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
            try:
                _delete()
            finally:
                for table in tables:
                    cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'fund\\_%' ESCAPE '\\'"
        )
        triggers = cursor.fetchall()
        for name, _sql in triggers:
            cursor.execute(f"DROP TRIGGER {connection.ops.quote_name(name)}")
        try:
            _delete()
        finally:
            for _name, sql in triggers:
                cursor.execute(sql)


def _delete() -> None:
    Posting.objects.all().delete()
    JournalEntry.objects.filter(reverses__isnull=False).delete()
    JournalEntry.objects.all().delete()
