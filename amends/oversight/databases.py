"""The database as its owner reaches it, for the commands that act on the whole of it (``amends
backup``, ``amends restore``): on PostgreSQL the app's role owns nothing and can neither dump the
triggers' functions nor recreate tables, so these run as the owner, ``AMENDS_OWNER_DATABASE_URL``
(``DATABASE_URL`` when it is unset: development, where one role does everything)."""

import os

import dj_database_url
from django.db import connection


def owner_database() -> dict:
    """The connection settings (``NAME``, ``USER``, ``PASSWORD``, ``HOST``, ``PORT``) of the owner."""
    if url := os.environ.get("AMENDS_OWNER_DATABASE_URL"):
        return dj_database_url.parse(url)
    return connection.settings_dict


def pg_environment(database: dict) -> dict[str, str]:
    """The environment for ``pg_dump`` and ``pg_restore``: libpq's variables, so that no password
    appears on a command line."""
    values = {
        "PGHOST": database.get("HOST") or "",
        "PGPORT": str(database.get("PORT") or ""),
        "PGUSER": database.get("USER") or "",
        "PGPASSWORD": database.get("PASSWORD") or "",
    }
    return os.environ | {name: value for name, value in values.items() if value}
