"""A query compiled once per database connection and run again with another value.

Written by hand because no library does this for Django's ORM: for a page read on every request (the
families' portal), building and compiling the query with its subqueries takes the ORM longer than the
database takes to answer it. It uses the compiler's documented steps (``as_sql``, ``get_converters``,
``apply_converters``), so the rows come back converted exactly as the ORM converts them.
"""

from __future__ import annotations

import time
import weakref

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections


class PreparedQuery:
    """A query the ORM compiles once per database connection and runs again with another value: for
    a page read on every request, whose query (with its subqueries) takes the ORM longer to build and
    compile than the database to answer.

    ``build(value)`` returns the query (a ``values_list``) for ``value``; :meth:`rows` runs it for
    another value, the compiled SQL with that value in place of :data:`PLACEHOLDER`, and converts the
    rows as the ORM does (dates, JSON). The value must be a parameter of the query, not part of its
    text (a filter's value, not a field name or a limit). A query on a text column (which the ORM would
    turn the number into text for) gives a ``placeholder`` of its column's kind.
    """

    PLACEHOLDER = -7_319_441_037  # a value no real parameter takes

    def __init__(self, build, *, placeholder=PLACEHOLDER):
        self.build = build
        self.placeholder = placeholder
        self._compiled: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def rows(self, value, *, using: str = DEFAULT_DB_ALIAS) -> list[tuple]:
        connection = connections[using]
        compiled = self._compiled.get(connection)
        if compiled is None:
            compiler = self.build(self.placeholder).query.get_compiler(using=using)
            sql, params = compiler.as_sql()
            at = [index for index, param in enumerate(params) if param == self.placeholder]
            assert at, "the placeholder is not a parameter of the query"
            columns = [column for column, _sql, _alias in compiler.select[: compiler.col_count]]
            converters = compiler.get_converters(columns)
            if connection.vendor == "sqlite":
                sql = _qmark(sql)
            compiled = self._compiled[connection] = (compiler, converters, sql, tuple(params), at)
        compiler, converters, sql, params, at = compiled
        params = list(params)
        for index in at:
            params[index] = value
        if connection.vendor == "postgresql" and settings.PG_PREPARE:
            rows = _prepared_on_server(connection, sql, params)
        elif connection.vendor == "sqlite":
            rows = _sqlite(connection, sql, params)
        else:
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                rows = cursor.fetchall()
        if converters:
            rows = compiler.apply_converters(rows, converters)
        return [tuple(row[: compiler.col_count]) for row in rows]


def _qmark(sql: str) -> str:
    """The query in sqlite3's ``?`` style, converted as Django's SQLite cursor converts it."""
    from django.db.backends.sqlite3.base import FORMAT_QMARK_REGEX

    return FORMAT_QMARK_REGEX.sub("?", sql).replace("%%", "%")


def _sqlite(connection, sql: str, params: list) -> list[tuple]:
    """SQLite: run ``sql``, already in sqlite3's ``?`` style (:func:`_qmark`, once per connection), on
    a plain cursor of the same connection. Django's SQLite cursor converts the query's text with a
    regular expression on every execution, which for the portal's status query (with its subqueries)
    took longer than SQLite took to answer it. With Django's error wrapping and its query log (what
    ``CaptureQueriesContext`` counts); the rows are the same, since sqlite3 converts column types per
    connection, not per cursor."""
    connection.validate_no_broken_transaction()
    connection.ensure_connection()
    started = time.monotonic()
    with connection.wrap_database_errors:
        cursor = connection.connection.cursor()
        try:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        finally:
            cursor.close()
    if connection.queries_logged:
        connection.queries_log.append(
            {"sql": f"{sql} {params!r}", "time": f"{time.monotonic() - started:.3f}"}
        )
    return rows


def _prepared_on_server(connection, sql: str, params: list) -> list[tuple]:
    """PostgreSQL: run ``sql`` as a statement prepared on the server, once per connection (psycopg's
    ``prepare=True``, with its parameters bound on the server), so that the server plans it once
    rather than on every request: the portal's status query took PostgreSQL three times longer to plan
    than to run. Django's cursors bind on the client and never prepare; this uses a server-binding
    cursor of the same connection, in the same transaction, with Django's error wrapping and its query
    log (what ``CaptureQueriesContext`` counts)."""
    import psycopg

    connection.validate_no_broken_transaction()
    connection.ensure_connection()
    started = time.monotonic()
    with connection.wrap_database_errors, psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(sql, params, prepare=True)
        rows = cursor.fetchall()
    if connection.queries_logged:
        connection.queries_log.append(
            {"sql": f"EXECUTE {sql} {params!r}", "time": f"{time.monotonic() - started:.3f}"}
        )
    return rows
