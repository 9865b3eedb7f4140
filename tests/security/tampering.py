"""What a tamperer with the tables' owner's rights does, for the tests that show it is caught: lift
the database's triggers on some tables (PostgreSQL: ``ALTER TABLE … DISABLE TRIGGER USER``, as the
owner may; SQLite: drop them) for the while, and put them back afterwards."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, models


@contextmanager
def triggers_lifted(*tables: type[models.Model]) -> Iterator[None]:
    names = [model._meta.db_table for model in tables]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # ALTER TABLE waits for no deferred foreign-key check: run the pending ones now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for name in names:
                cursor.execute(f"ALTER TABLE {connection.ops.quote_name(name)} DISABLE TRIGGER USER")
            try:
                yield
            finally:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                for name in names:
                    cursor.execute(f"ALTER TABLE {connection.ops.quote_name(name)} ENABLE TRIGGER USER")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            return
        placeholders = ", ".join(["%s"] * len(names))
        cursor.execute(
            f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ({placeholders})",
            names,
        )
        triggers = cursor.fetchall()
        for name, _sql in triggers:
            cursor.execute(f"DROP TRIGGER {connection.ops.quote_name(name)}")
        try:
            yield
        finally:
            for _name, sql in triggers:
                cursor.execute(sql)
