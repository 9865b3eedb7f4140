"""``amends backup FILE``: the whole database in one file, with a checkpoint of the audit chain first.

- PostgreSQL: ``pg_dump --format=custom`` as the tables' owner (``AMENDS_OWNER_DATABASE_URL``, else
  ``DATABASE_URL``); restore it with ``amends restore`` (``pg_restore``).
- SQLite: SQLite's online backup API (``sqlite3.Connection.backup``), a consistent copy even while
  the app writes, WAL included.

Before the copy, the audit chain is verified and its head written as a checkpoint
(``amends audit checkpoint``), so that the copy restored later is verified against a head no later
than itself; a chain that does not verify is still copied (a backup is evidence too), and the
command says so on stderr. ``FILE`` must not exist: a backup is never overwritten.
"""

import sqlite3
import subprocess
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser, no_translations
from django.db import connection

from amends.audit.services import ChainBroken, audit_checkpoint
from amends.oversight.databases import owner_database, pg_environment


class Command(BaseCommand):
    help = (
        "Back the database up into FILE (PostgreSQL: pg_dump custom format as the owner; SQLite: the "
        "backup API), after writing a checkpoint of the audit chain."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the backup to write; it must not exist")

    @no_translations
    def handle(self, *args, file: Path, **options) -> None:
        if file.exists():
            raise CommandError(f"file: {file} exists; a backup is never overwritten")
        if not file.parent.is_dir():
            raise CommandError(f"file: the folder {file.parent} does not exist")
        try:
            written = audit_checkpoint()
            self.stdout.write(f"audit checkpoint at event {written.sequence}: {written.path}")
        except ChainBroken as error:
            self.stderr.write(f"{error}; no checkpoint written, the database is backed up as it is")
        if connection.vendor == "postgresql":
            self._pg_dump(file)
        elif connection.vendor == "sqlite":
            self._sqlite_backup(file)
        else:
            raise CommandError(f"amends backup knows PostgreSQL and SQLite, not {connection.vendor}")
        self.stdout.write(f"backed up {connection.settings_dict['NAME']} to {file}")

    def _pg_dump(self, file: Path) -> None:
        database = owner_database()
        result = subprocess.run(
            ["pg_dump", "--format=custom", f"--file={file}", database["NAME"]],
            env=pg_environment(database),
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            file.unlink(missing_ok=True)
            raise CommandError(f"pg_dump failed: {result.stderr.strip()}")

    def _sqlite_backup(self, file: Path) -> None:
        connection.ensure_connection()
        # "x": never onto a file that appeared meanwhile.
        with open(file, "xb"):
            pass
        target = sqlite3.connect(file)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
