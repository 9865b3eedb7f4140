"""Writing many rows at once, faster than the ORM: ``COPY … FROM STDIN`` on PostgreSQL, batched
``executemany`` on SQLite. Hand-written because Django's ``bulk_create`` builds a model instance per
row and one multi-row ``INSERT``, several times slower for hundreds of thousands of rows, and has no
``COPY``. Rows are plain tuples in ``columns`` order; nothing here checks them: the caller did."""

from collections.abc import Sequence

from django.db import connection


def bulk_insert(model, columns: Sequence[str], rows: Sequence[tuple], *, batch: int = 50_000) -> None:
    """Insert ``rows`` (tuples of ``columns``) into ``model``'s table, in the caller's transaction.
    A constraint the rows break raises Django's :class:`~django.db.IntegrityError`, as the ORM does."""
    table = connection.ops.quote_name(model._meta.db_table)
    quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The raw psycopg cursor: its errors become Django's through wrap_database_errors.
            with (
                connection.wrap_database_errors,
                cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy,
            ):
                for row in rows:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(columns))
            sql = f"INSERT INTO {table} ({quoted}) VALUES ({placeholders})"
            for start in range(0, len(rows), batch):
                cursor.executemany(sql, rows[start : start + batch])
