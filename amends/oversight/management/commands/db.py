"""``amends db grant ROLE``: least privilege on PostgreSQL. Run as the tables' owner (the Makefile runs
it with ``AMENDS_OWNER_DATABASE_URL``, after ``migrate`` and ``createcachetable``); it creates the app's
role ``ROLE`` if missing (a login role, no password: set one with ``ALTER ROLE … PASSWORD`` where the
server asks for it) and sets its privileges from scratch, so running it again changes nothing.

The app's role owns nothing, so it can neither disable a trigger, alter or drop a table, nor create
one. On every table of the schema it may SELECT, INSERT, UPDATE and DELETE, except:

- ``audit_auditevent`` (the audit trail): SELECT, INSERT; never UPDATE, DELETE.
- ``audit_auditchainhead``: SELECT, INSERT, and UPDATE of its columns ``sequence``, ``hash``, ``seal``
  only, which a trigger (``audit`` migration ``0003``) lets move only forward onto the event just
  appended; never DELETE.
- ``fund_journalentry``: SELECT, INSERT, and UPDATE of ``posted`` only (an entry is written as a draft
  and marked posted; the ledger's triggers refuse to post an unbalanced one or to change a posted one);
  never DELETE.
- ``fund_posting``: SELECT, INSERT; never UPDATE, DELETE.
- ``django_migrations``: SELECT.

No TRUNCATE, REFERENCES or TRIGGER anywhere. Sequences: USAGE and SELECT (bulk posting draws ids).
SQLite has no roles: the command refuses there (see docs/architecture.md).
"""

import re

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError, connection, transaction

from amends.audit.models import AuditChainHead, AuditEvent
from amends.fund.models import JournalEntry, Posting

ROLE = re.compile(r"[a-z_][a-z0-9_]{0,62}")


def restricted() -> dict[str, tuple[str, ...]]:
    """The tables the app's role may not UPDATE and DELETE in general: their grants, by table."""
    return {
        AuditEvent._meta.db_table: ("SELECT", "INSERT"),
        AuditChainHead._meta.db_table: ("SELECT", "INSERT", "UPDATE (sequence, hash, seal)"),
        JournalEntry._meta.db_table: ("SELECT", "INSERT", "UPDATE (posted)"),
        Posting._meta.db_table: ("SELECT", "INSERT"),
        "django_migrations": ("SELECT",),
    }


class Command(BaseCommand):
    help = (
        "PostgreSQL least privilege: 'grant ROLE', run as the tables' owner, creates the app's login "
        "role if missing and grants it what the app needs and no more (no UPDATE or DELETE on the audit "
        "trail, the chain head or the ledger; no TRUNCATE; it owns nothing)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("operation", choices=["grant"])
        parser.add_argument("role", help="the app's role, as DATABASE_URL names it (amends_app)")

    def handle(self, *args, operation: str, role: str, **options) -> None:
        if connection.vendor != "postgresql":
            raise CommandError(
                f"amends db grant: roles are PostgreSQL's; this database is {connection.vendor}, where "
                "whoever can write the file can change anything (docs/architecture.md)."
            )
        if not ROLE.fullmatch(role):
            raise CommandError(f"role: {role!r} is not a role name of lower-case letters, digits and _")
        quoted = connection.ops.quote_name(role)
        special = restricted()
        # One transaction: a refusal part way leaves the role and its privileges as they were.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT current_user, current_schema(), current_database()")
            owner, schema, database = cursor.fetchone()
            if role == owner:
                raise CommandError(
                    f"role: {role} is the role running this command, the tables' owner; the app needs a "
                    "role of its own"
                )
            tables = self._column(cursor, "SELECT tablename FROM pg_tables WHERE schemaname = %s", [schema])
            if missing := sorted(set(special) - set(tables)):
                raise CommandError(f"tables missing: {', '.join(missing)}; run `amends migrate` first")
            self._create_role(cursor, role, quoted)
            cursor.execute("SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = %s", [role])
            if cursor.fetchone()[0]:
                raise CommandError(f"role: {role} is a superuser, which no grant can restrain")
            owned = self._column(
                cursor,
                "SELECT tablename FROM pg_tables WHERE schemaname = %s AND tableowner = %s",
                [schema, role],
            )
            if owned:
                raise CommandError(
                    f"role: {role} owns {', '.join(owned[:5])}: the app's role must own nothing (run "
                    f"`amends migrate` as another role, and REASSIGN OWNED BY {role} TO it)"
                )
            qschema, qdatabase = connection.ops.quote_name(schema), connection.ops.quote_name(database)
            statements = [
                f"GRANT CONNECT ON DATABASE {qdatabase} TO {quoted}",
                f"GRANT USAGE ON SCHEMA {qschema} TO {quoted}",
                f"REVOKE CREATE ON SCHEMA {qschema} FROM {quoted}",
                # From scratch: REVOKE ALL on a table also takes back its column privileges.
                f"REVOKE ALL ON ALL TABLES IN SCHEMA {qschema} FROM {quoted}",
                f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {qschema} FROM {quoted}",
                f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {qschema} TO {quoted}",
            ]
            for table in tables:
                privileges = ", ".join(special.get(table, ("SELECT", "INSERT", "UPDATE", "DELETE")))
                statements.append(
                    f"GRANT {privileges} ON {qschema}.{connection.ops.quote_name(table)} TO {quoted}"
                )
            for statement in statements:
                cursor.execute(statement)
        self.stdout.write(
            f"amends db grant: {role} may use {len(tables)} tables of {database}; no UPDATE or DELETE on "
            "the audit trail, the chain head or the ledger; it owns nothing"
        )

    @staticmethod
    def _column(cursor, query: str, params: list) -> list[str]:
        cursor.execute(query + " ORDER BY 1", params)
        return [row[0] for row in cursor.fetchall()]

    @staticmethod
    def _create_role(cursor, role: str, quoted: str) -> None:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
        if cursor.fetchone():
            return
        try:
            # Roles belong to the whole server: another database's set-up may create it meanwhile.
            with transaction.atomic():
                cursor.execute(f"CREATE ROLE {quoted} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT")
        except DatabaseError as error:
            cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
            if not cursor.fetchone():
                raise CommandError(f"role: {role} does not exist and cannot be created ({error})") from None
