"""`amends audit verify` exits 0 on an intact chain and 1, naming the first bad event, on a broken one."""

import os
import sqlite3
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from amends.audit.models import AuditEvent
from tests.support import append_only_suspended

pytestmark = pytest.mark.django_db

AMENDS = str(Path(sys.executable).parent / "amends")


def verify() -> tuple[int, str, str]:
    stdout, stderr = StringIO(), StringIO()
    try:
        call_command("audit", "verify", stdout=stdout, stderr=stderr)
    except SystemExit as exit:
        return exit.code, stdout.getvalue(), stderr.getvalue()
    return 0, stdout.getvalue(), stderr.getvalue()


def test_verify_reports_an_intact_chain(chain):
    assert verify() == (0, "audit chain intact: 5 events\n", "")


def test_verify_reports_an_empty_chain_as_intact():
    assert verify() == (0, "audit chain intact: 0 events\n", "")


def test_verify_names_the_first_event_that_breaks_the_chain(chain):
    # given
    with append_only_suspended():
        AuditEvent.objects.filter(sequence=3).update(after={"amount": 0})

    # then
    assert verify() == (1, "", "audit chain broken at event 3: its fields do not match its hash\n")


def test_verify_speaks_english_for_scripts_whatever_the_locale(chain, settings):
    settings.LANGUAGE_CODE = "ko"
    assert verify()[1] == "audit chain intact: 5 events\n"


@pytest.fixture
def sqlite_database(tmp_path, migrated_sqlite):
    """A migrated SQLite file, used by the console script through DATABASE_URL."""
    env = os.environ | {"DATABASE_URL": f"sqlite:///{migrated_sqlite}", "AMENDS_VAR_DIR": str(tmp_path)}
    return migrated_sqlite, env


APPEND_THREE = """
from django.contrib.auth import get_user_model
from django.db import transaction
from amends.audit.services import audit_append
user = get_user_model().objects.create(username="caseworker")
with transaction.atomic():
    for number in range(3):
        audit_append(actor=user, action="user.update", subject=user, after={"number": number})
"""


def test_the_console_script_exits_0_then_1_once_a_row_is_altered(sqlite_database):
    # given: three events, appended through the service
    path, env = sqlite_database
    result = subprocess.run(
        [AMENDS, "shell", "-v0", "-c", APPEND_THREE], env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr

    # when: verified intact
    intact = subprocess.run([AMENDS, "audit", "verify"], env=env, capture_output=True, text=True)

    # then
    assert (intact.returncode, intact.stdout, intact.stderr) == (0, "audit chain intact: 3 events\n", "")

    # given: event 2 altered by someone who drops the trigger first (without, SQLite refuses)
    with sqlite3.connect(path) as database:
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            database.execute("UPDATE audit_auditevent SET after = '{\"number\": 9}' WHERE sequence = 2")
        (create,) = database.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'audit_event_no_update'"
        ).fetchone()
        database.execute("DROP TRIGGER audit_event_no_update")
        database.execute("UPDATE audit_auditevent SET after = '{\"number\": 9}' WHERE sequence = 2")
        database.execute(create)

    # when
    broken = subprocess.run([AMENDS, "audit", "verify"], env=env, capture_output=True, text=True)

    # then
    assert (broken.returncode, broken.stdout) == (1, "")
    assert broken.stderr == "audit chain broken at event 2: its fields do not match its hash\n"


def test_the_console_script_refuses_an_unknown_operation(sqlite_database):
    _path, env = sqlite_database
    result = subprocess.run([AMENDS, "audit", "repair"], env=env, capture_output=True, text=True)
    assert result.returncode == 2
    assert "invalid choice: 'repair'" in result.stderr
