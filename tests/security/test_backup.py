"""`amends backup` and `amends restore`, and the restore drill that ends with `amends audit verify`
against the last checkpoint written before the backup: on SQLite (the backup API) and on PostgreSQL
(pg_dump and pg_restore as the owner, the app as a role that owns nothing)."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection

AMENDS = str(Path(sys.executable).parent / "amends")
APP_ROLE = "amends_test_app"


def _runner(env: dict):
    def amends(*arguments: str, **overrides: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [AMENDS, *arguments], env=env | overrides, capture_output=True, text=True, timeout=600
        )

    return amends


APPEND_ONE = (
    "from django.contrib.auth.models import Group; from django.db import transaction; "
    "from amends.audit.services import audit_append; "
    "group = Group.objects.get_or_create(name='drill')[0]; "
    "transaction.atomic()(lambda: audit_append(actor=None, action='drill.append', subject=group))()"
)


def _events(path: Path) -> int:
    with sqlite3.connect(path) as database:
        return database.execute("SELECT count(*) FROM audit_auditevent").fetchone()[0]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite drill runs in the SQLite run")
def test_the_sqlite_restore_drill_ends_with_the_chain_verified_against_the_checkpoint(
    tmp_path, migrated_sqlite
):
    # given: the demonstration in a database of its own, its checkpoints in a folder to copy away
    checkpoints = tmp_path / "checkpoints"
    env = os.environ | {
        "DATABASE_URL": f"sqlite:///{migrated_sqlite}",
        "AMENDS_VAR_DIR": str(tmp_path),
        "AMENDS_AUDIT_KEY": settings.AUDIT_KEY,
        "AMENDS_AUDIT_CHECKPOINT_DIR": str(checkpoints),
    }
    amends = _runner(env)
    assert amends("demo").returncode == 0

    # when: backed up, then restored into a fresh database
    backup, fresh = tmp_path / "amends.backup.sqlite3", tmp_path / "restored.sqlite3"
    backed = amends("backup", str(backup))
    restored = amends("restore", str(backup), DATABASE_URL=f"sqlite:///{fresh}")
    verify = amends("audit", "verify", "--checkpoints", str(checkpoints), DATABASE_URL=f"sqlite:///{fresh}")
    check = amends("check", DATABASE_URL=f"sqlite:///{fresh}")

    # then: the backup wrote its checkpoint first, and what came back verifies against it
    [checkpoint] = sorted(checkpoints.iterdir())
    events = _events(migrated_sqlite)
    assert backed.returncode == 0, backed.stderr
    assert backed.stdout.splitlines() == [
        f"audit checkpoint at event {events}: {checkpoint}",
        f"backed up {migrated_sqlite} to {backup}",
    ]
    assert restored.returncode == 0, restored.stderr
    assert verify.returncode == 0, verify.stderr
    assert (
        verify.stdout
        == f"audit chain intact: {events} events (checkpoint {checkpoint.name} at event {events})\n"
    )
    assert check.returncode == 0, check.stderr
    assert _events(fresh) == events

    # and: once the first database has moved on and checkpointed again, the older backup is shown short
    assert amends("shell", "-c", APPEND_ONE).returncode == 0
    assert amends("audit", "checkpoint").returncode == 0
    later = amends("audit", "verify", "--checkpoints", str(checkpoints), DATABASE_URL=f"sqlite:///{fresh}")
    assert later.returncode == 1
    assert later.stderr.startswith(
        f"audit chain broken at event {events + 1}: event {events + 1} is missing: "
    )


def test_restore_refuses_a_database_that_is_not_empty_unless_forced(tmp_path, migrated_sqlite):
    # given: a backup of one database, and another that holds a chain of its own
    env = os.environ | {"AMENDS_VAR_DIR": str(tmp_path), "AMENDS_AUDIT_CHECKPOINT_DIR": str(tmp_path / "c")}
    amends = _runner(env)
    source, target = tmp_path / "source.sqlite3", tmp_path / "target.sqlite3"
    source.write_bytes(migrated_sqlite.read_bytes())
    target.write_bytes(migrated_sqlite.read_bytes())
    assert amends("shell", "-c", APPEND_ONE, DATABASE_URL=f"sqlite:///{source}").returncode == 0
    backup = tmp_path / "backup.sqlite3"
    assert amends("backup", str(backup), DATABASE_URL=f"sqlite:///{source}").returncode == 0
    before = target.read_bytes()

    # when: restored onto the database that is not empty
    refused = amends("restore", str(backup), DATABASE_URL=f"sqlite:///{target}")

    # then: refused, naming the database, and nothing changed
    assert refused.returncode == 1
    assert f"CommandError: the database {target} is not empty (" in refused.stderr
    assert (
        "tables): restore into an empty database, or give --force to replace what it holds" in refused.stderr
    )
    assert target.read_bytes() == before
    assert _events(target) == 0

    # when: forced, then it holds the backup
    forced = amends("restore", str(backup), "--force", DATABASE_URL=f"sqlite:///{target}")
    assert forced.returncode == 0, forced.stderr
    assert _events(target) == _events(source) > 0


def test_backup_never_overwrites_and_restore_refuses_a_file_that_is_no_backup(tmp_path, migrated_sqlite):
    env = os.environ | {
        "DATABASE_URL": f"sqlite:///{migrated_sqlite}",
        "AMENDS_VAR_DIR": str(tmp_path),
        "AMENDS_AUDIT_CHECKPOINT_DIR": str(tmp_path / "c"),
    }
    amends = _runner(env)
    # given: a file already there, and a text file
    existing, text = tmp_path / "existing", tmp_path / "notes.txt"
    existing.write_text("keep me")
    text.write_text("not a database")

    # when
    backed = amends("backup", str(existing))
    restored = amends("restore", str(text), DATABASE_URL=f"sqlite:///{tmp_path / 'empty.sqlite3'}")

    # then
    assert (backed.returncode, existing.read_text()) == (1, "keep me")
    assert f"file: {existing} exists; a backup is never overwritten" in backed.stderr
    assert restored.returncode == 1
    assert f"file: {text} is not a SQLite backup of amends" in restored.stderr


# -- PostgreSQL ------------------------------------------------------------------------------------


@pytest.fixture
def pg_databases():
    """Two databases of their own beside the test database: the one backed up, the one restored into."""
    base = connection.settings_dict
    host, port = base["HOST"] or "127.0.0.1", base["PORT"] or 5432
    names = [f"{base['NAME'][:40]}_{part}" for part in ("src", "dst")]
    with psycopg.connect(
        host=host, port=port, user=base["USER"], dbname="postgres", autocommit=True
    ) as admin:
        for name in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield [f"postgres://{{user}}@{host}:{port}/{name}" for name in names]
    finally:
        with psycopg.connect(
            host=host, port=port, user=base["USER"], dbname="postgres", autocommit=True
        ) as admin:
            for name in names:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump and pg_restore are PostgreSQL's")
def test_the_postgresql_restore_drill_as_owner_and_app(tmp_path, pg_databases):
    # given: the demonstration loaded by the app's role into a database migrated by its owner
    owner = connection.settings_dict["USER"]
    source, target = pg_databases
    checkpoints = tmp_path / "checkpoints"
    env = os.environ | {
        "AMENDS_VAR_DIR": str(tmp_path),
        "AMENDS_AUDIT_KEY": settings.AUDIT_KEY,
        "AMENDS_AUDIT_CHECKPOINT_DIR": str(checkpoints),
    }
    amends = _runner(env)

    def as_owner(url: str) -> dict:
        return {"DATABASE_URL": url.format(user=owner)}

    def as_app(url: str) -> dict:
        return {
            "DATABASE_URL": url.format(user=APP_ROLE),
            "AMENDS_OWNER_DATABASE_URL": url.format(user=owner),
        }

    assert amends("migrate", "--no-input", "-v0", **as_owner(source)).returncode == 0
    assert amends("db", "grant", APP_ROLE, **as_owner(source)).returncode == 0
    assert amends("demo", **as_app(source)).returncode == 0

    # when: backed up (the app checkpoints, the owner dumps), restored into an empty database by its
    # owner, granted again, then verified and checked as the app
    backup = tmp_path / "amends.dump"
    backed = amends("backup", str(backup), **as_app(source))
    restored = amends("restore", str(backup), **as_app(target))
    granted = amends("db", "grant", APP_ROLE, **as_owner(target))
    verify = amends("audit", "verify", "--checkpoints", str(checkpoints), **as_app(target))
    check = amends("check", **as_app(target))
    again = amends("restore", str(backup), **as_app(target))

    # then
    [checkpoint] = sorted(checkpoints.iterdir())
    assert backed.returncode == 0, backed.stderr
    assert restored.returncode == 0, restored.stderr
    assert granted.returncode == 0, granted.stderr
    assert verify.returncode == 0, verify.stderr
    assert verify.stdout.startswith("audit chain intact: ")
    assert verify.stdout.endswith(
        f"(checkpoint {checkpoint.name} at event {checkpoint.name.split('-')[1].lstrip('0')})\n"
    )
    assert check.returncode == 0, check.stderr
    assert again.returncode == 1
    assert "is not empty (" in again.stderr and "give --force to replace what it holds" in again.stderr
