"""``amends restore FILE [--force]``: put a backup made by ``amends backup`` into this database.

It refuses a database that already holds tables unless ``--force`` is given (then what is there is
replaced), and a file that is not such a backup; either way nothing is changed.

- PostgreSQL: ``pg_restore`` as the tables' owner (``AMENDS_OWNER_DATABASE_URL``, else
  ``DATABASE_URL``), in one transaction, the restoring role owning what it restores (``--no-owner``)
  and no privileges copied (``--no-acl``): run ``amends db grant ROLE`` after it, as ``make setup``
  does.
- SQLite: SQLite's backup API, from the file into the database's.

Then prove what came back: ``amends audit verify --checkpoints DIR`` with the checkpoints copied off
the machine the backup came from (README: the restore drill).
"""

import sqlite3
import subprocess
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser, no_translations
from django.db import connection

from amends.oversight.databases import owner_database, pg_environment


class Command(BaseCommand):
    help = (
        "Restore a backup made by `amends backup` into this database; refuses a database that is not "
        "empty unless --force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the backup to restore")
        parser.add_argument("--force", action="store_true", help="replace what the database holds")

    @no_translations
    def handle(self, *args, file: Path, force: bool, **options) -> None:
        if not file.is_file():
            raise CommandError(f"file: {file} does not exist")
        tables = connection.introspection.table_names()
        if tables and not force:
            raise CommandError(
                f"the database {connection.settings_dict['NAME']} is not empty ({len(tables)} tables): "
                "restore into an empty database, or give --force to replace what it holds"
            )
        if connection.vendor == "postgresql":
            self._pg_restore(file, clean=bool(tables))
        elif connection.vendor == "sqlite":
            self._sqlite_restore(file)
        else:
            raise CommandError(f"amends restore knows PostgreSQL and SQLite, not {connection.vendor}")
        connection.close()
        self.stdout.write(
            f"restored {file} into {connection.settings_dict['NAME']}; now run `amends audit verify "
            "--checkpoints DIR` with the checkpoints of the database it came from"
        )

    def _pg_restore(self, file: Path, *, clean: bool) -> None:
        database = owner_database()
        listed = subprocess.run(["pg_restore", "--list", str(file)], capture_output=True, text=True)
        if listed.returncode != 0 or "audit_auditevent" not in listed.stdout:
            raise CommandError(f"file: {file} is not a PostgreSQL backup of amends (pg_dump custom format)")
        command = ["pg_restore", "--single-transaction", "--exit-on-error", "--no-owner", "--no-acl"]
        command += ["--clean", "--if-exists"] if clean else []
        result = subprocess.run(
            [*command, f"--dbname={database['NAME']}", str(file)],
            env=pg_environment(database),
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise CommandError(f"pg_restore failed, nothing restored: {result.stderr.strip()}")

    def _sqlite_restore(self, file: Path) -> None:
        try:
            source = sqlite3.connect(f"file:{file}?mode=ro", uri=True)
            names = {row[0] for row in source.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.DatabaseError:
            names = set()
        if "audit_auditevent" not in names:
            raise CommandError(f"file: {file} is not a SQLite backup of amends")
        connection.ensure_connection()
        try:
            source.backup(connection.connection)
        finally:
            source.close()
