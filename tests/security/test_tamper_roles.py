"""Least privilege on PostgreSQL: the app connects as a role that owns nothing (``amends db grant``), so
what the owner of the tables could do to the audit trail and the ledger, the app cannot: disable a
trigger, truncate, update or delete an event, a posting, an entry or the chain head. What the services
write, it still writes."""

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from amends.fund import services as fund
from tests.fund.conftest import staff  # noqa: F401 (fixture)
from tests.support import clear_append_only_records

ROLE = "amends_test_app"
AMENDS = str(Path(sys.executable).parent / "amends")
on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="roles are PostgreSQL's")


def _app_url() -> str:
    database = connection.settings_dict
    return (
        f"postgres://{ROLE}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/{database['NAME']}"
    )


@pytest.fixture
def granted(transactional_db, staff):  # noqa: F811
    """Books committed through the services (a donation posted, so the audit trail and the ledger hold
    rows), then the app's role granted by the owner; emptied again afterwards."""
    donor = fund.donor_create(name="Steel Works Foundation", by=staff["park"])
    fund.contribution_record(
        donor=donor, kind="receipt", amount=5_000_000, on=date(2023, 1, 10), by=staff["park"]
    )
    call_command("db", "grant", ROLE, stdout=open(os.devnull, "w"))  # noqa: SIM115
    yield
    clear_append_only_records()


REFUSED = [
    ("ALTER TABLE audit_auditevent DISABLE TRIGGER USER", "must be owner of table audit_auditevent"),
    ("ALTER TABLE fund_posting DISABLE TRIGGER USER", "must be owner of table fund_posting"),
    ("ALTER TABLE fund_journalentry DISABLE TRIGGER ALL", "must be owner of table fund_journalentry"),
    (
        "DROP TRIGGER audit_event_append_only ON audit_auditevent",
        "must be owner of relation audit_auditevent",
    ),
    ("TRUNCATE audit_auditevent", "permission denied for table audit_auditevent"),
    ("TRUNCATE fund_posting", "permission denied for table fund_posting"),
    ("UPDATE audit_auditevent SET action = 'person.create'", "permission denied for table audit_auditevent"),
    ("DELETE FROM audit_auditevent", "permission denied for table audit_auditevent"),
    ("UPDATE fund_posting SET debit = debit + 1000000000", "permission denied for table fund_posting"),
    ("DELETE FROM fund_posting", "permission denied for table fund_posting"),
    ("UPDATE fund_journalentry SET memo = 'x'", "permission denied for table fund_journalentry"),
    ("DELETE FROM fund_journalentry", "permission denied for table fund_journalentry"),
    ("DELETE FROM audit_auditchainhead", "permission denied for table audit_auditchainhead"),
    (
        "UPDATE audit_auditchainhead SET sequence = sequence - 1",
        "the audit chain head only moves forward, onto the event just appended",
    ),
    (
        "UPDATE fund_journalentry SET posted = false",
        "a posted journal entry cannot be changed: post a reversing entry",
    ),
    ("CREATE TABLE stash (note text)", "permission denied for schema public"),
]


@on_postgresql
@pytest.mark.postgres
def test_the_apps_role_cannot_lift_the_triggers_nor_rewrite_the_trail_or_the_ledger(granted):
    # given: the app's own connection, as DATABASE_URL names it
    with psycopg.connect(_app_url(), autocommit=True) as app:
        # when / then: each tampering is refused by the database
        for statement, message in REFUSED:
            with pytest.raises(psycopg.Error, match=message):
                app.execute(statement)
        # and the rows are as they were
        events = app.execute("SELECT count(*) FROM audit_auditevent").fetchone()[0]
        postings = app.execute("SELECT sum(debit), sum(credit) FROM fund_posting").fetchone()
    assert events > 0
    assert postings == (5_000_000, 5_000_000)


@on_postgresql
@pytest.mark.postgres
def test_the_services_write_as_the_apps_role_and_the_books_verify(granted, tmp_path):
    # given: the app's role and the installation's audit key
    env = os.environ | {
        "DATABASE_URL": _app_url(),
        "AMENDS_VAR_DIR": str(tmp_path),
        "AMENDS_AUDIT_KEY": settings.AUDIT_KEY,
        "AMENDS_AUDIT_CHECKPOINT_DIR": str(tmp_path / "checkpoints"),
    }

    def amends(*arguments: str) -> subprocess.CompletedProcess:
        return subprocess.run([AMENDS, *arguments], env=env, capture_output=True, text=True)

    # when: the demonstration is loaded as the app (judgments, heirs, payments and their entries, the
    # audit trail; bulk loads by COPY), then checked, checkpointed and verified
    demo = amends("demo")
    check = amends("check")
    checkpoint = amends("audit", "checkpoint")
    verify = amends("audit", "verify")

    # then
    assert demo.returncode == 0, demo.stderr
    assert check.returncode == 0, check.stderr
    assert check.stdout.splitlines()[-1] == "Invariants: all 11 hold."
    assert checkpoint.returncode == 0, checkpoint.stderr
    assert verify.returncode == 0, verify.stderr
    assert verify.stdout.startswith("audit chain intact: ")


@on_postgresql
@pytest.mark.postgres
def test_grant_sets_the_same_privileges_each_time_and_never_to_the_owner(granted):
    # when: granted again
    call_command("db", "grant", ROLE, stdout=open(os.devnull, "w"))  # noqa: SIM115

    # then: the append-only tables keep only what appending needs
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, string_agg(privilege_type, ',' ORDER BY privilege_type) "
            "FROM information_schema.role_table_grants WHERE grantee = %s AND table_name IN "
            "('audit_auditevent', 'audit_auditchainhead', 'fund_journalentry', 'fund_posting', "
            "'payments_claim') GROUP BY table_name ORDER BY table_name",
            [ROLE],
        )
        tables = cursor.fetchall()
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.column_privileges WHERE grantee = %s "
            "AND privilege_type = 'UPDATE' AND table_name IN ('audit_auditchainhead', 'fund_journalentry') "
            "ORDER BY 1, 2",
            [ROLE],
        )
        updatable = cursor.fetchall()
        cursor.execute("SELECT current_user")
        owner = cursor.fetchone()[0]
    assert tables == [
        ("audit_auditchainhead", "INSERT,SELECT"),
        ("audit_auditevent", "INSERT,SELECT"),
        ("fund_journalentry", "INSERT,SELECT"),
        ("fund_posting", "INSERT,SELECT"),
        ("payments_claim", "DELETE,INSERT,SELECT,UPDATE"),
    ]
    assert updatable == [
        ("audit_auditchainhead", "hash"),
        ("audit_auditchainhead", "seal"),
        ("audit_auditchainhead", "sequence"),
        ("fund_journalentry", "posted"),
    ]
    # and the owner is refused as the app's role
    with pytest.raises(CommandError, match=f"role: {owner} is the role running this command"):
        call_command("db", "grant", owner)


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's refusal")
def test_grant_refuses_sqlite_which_has_no_roles():
    with pytest.raises(CommandError, match="roles are PostgreSQL's; this database is sqlite"):
        call_command("db", "grant", ROLE)
