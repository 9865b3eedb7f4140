"""For tests that commit (``transaction=True``, live-server and browser tests) and post to the ledger.

On SQLite, Django's flush deletes rows one by one and the ledger's triggers refuse to delete posted
entries (PostgreSQL's flush truncates, which they do not see; the helper works there too). Call
:func:`clear_ledger` before the flush, as :func:`tests.support.clear_audit_chain` is called.
"""

from django.db import connection

from amends.fund.models import JournalEntry, Posting


def clear_ledger() -> None:
    """Delete every journal entry, with the ledger's triggers lifted (SQLite) for the while."""
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
