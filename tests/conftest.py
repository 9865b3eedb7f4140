import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

from amends.demo import DATA as DEMO_DATA

# Property tests draw new examples on every run where they are run by hand (``make test``), to keep
# finding what nobody thought of; CI (``HYPOTHESIS_PROFILE=ci``, set by ``.ci/run``) draws the same
# examples every time, so that a submission is judged on its change, not on the draw. A failure found
# by hand is kept as a test of its own (see tests/payments/test_histories.py).
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

# The worked examples of docs/law.md that the calculation core is checked against.
TEST_DATA = Path(__file__).resolve().parent / "data"


def data_file(name: str) -> Path:
    """A data file the tests read: a worked example (``tests/data``), else one of the
    demonstration's public facts (``amends/demo/data``)."""
    path = TEST_DATA / name if (TEST_DATA / name).exists() else DEMO_DATA / name
    assert path.exists(), f"{path} is missing"
    return path


def pytest_configure(config):
    from django.conf import settings

    # The tests that sign in with a password (the browser tests) need a hasher, not a slow one: the
    # production hasher's 0.3 s a user was most of the suite's set-up. Every other test signs in with
    # force_login, and its users have no password at all.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The suite's tests sign in with force_login or the password alone; the second factor is walked
    # by the tests of sign-in (tests/security/test_auth*.py), which turn it on.
    settings.AMENDS_REQUIRE_2FA = False


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """On SQLite, the test database is a file of this run's own, not Django's in-memory default.

    With an in-memory database, Django's live server (the browser tests) hands every request thread
    the test's one connection, so requests that arrive together (a page's assets, read through the
    session) use one SQLite connection at once and fail ("bad parameter or other API misuse"). With
    a file, each thread opens its own connection, in WAL mode, as in production. The file is in the
    run's (and each xdist worker's) own temporary directory, so that runs side by side, and the
    SQLite then PostgreSQL runs of CI, never share one; Django deletes it when the run ends."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3" and not database.get("TEST", {}).get("NAME"):
        name = tmp_path_factory.mktemp("database") / "test.sqlite3"
        database.setdefault("TEST", {})["NAME"] = str(name)


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # Pages render {% static %} without a collectstatic run; the manifest storage is for gunicorn.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _fund_debtor(settings):
    # The foundation's own bank account, the debtor of every batch (AMENDS_FUND_* in production); the
    # test statements are of this account.
    settings.FUND_DEBTOR = {
        "name": "Foundation for Victims of Forced Mobilization by Imperial Japan",
        "account": "11101234567890",
        "bank_code": "011",
        "customer_id": "AMENDS-TEST",
        "bic": "NACFKRSE",
    }


@pytest.fixture
def demo(db):
    from amends.demo.judgments import load_demo

    load_demo()


@pytest.fixture(scope="module")
def shared_demo(django_db_setup, django_db_blocker):
    """The demonstration loaded once for a module whose tests only read it (or whose writes are
    undone): it is loaded in a transaction that each test's own nests in as a savepoint, so a test
    sees it as it was loaded, and it is rolled back when the module ends. A module opts in by
    defining ``demo`` as this fixture's; a module with tests that commit cannot."""
    from django.db import transaction

    from amends.demo.judgments import load_demo

    outer = transaction.atomic()
    with django_db_blocker.unblock():
        outer.__enter__()
    try:
        with django_db_blocker.unblock():
            load_demo()
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def staff_client(client, django_user_model):
    from tests.support import grant

    user = django_user_model.objects.create_user(username="caseworker")
    user.is_staff = True
    user.save()
    grant(user, "caseworker")
    client.force_login(user)
    # Korean is the default; the assertions read the English pages, and tests of the Korean pages
    # ask for Korean themselves.
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture(scope="session")
def _migrated_sqlite_template(tmp_path_factory) -> Path:
    """A SQLite file migrated once by the console script, for tests that run it as a user would."""
    directory = tmp_path_factory.mktemp("migrated")
    path = directory / "amends.sqlite3"
    env = os.environ | {"DATABASE_URL": f"sqlite:///{path}", "AMENDS_VAR_DIR": str(directory)}
    amends = str(Path(sys.executable).parent / "amends")
    result = subprocess.run([amends, "migrate", "--no-input", "-v0"], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    # WAL mode: fold the log into the file, so that a copy of the file alone is the whole database.
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.fixture
def migrated_sqlite(tmp_path, _migrated_sqlite_template) -> Path:
    """A migrated SQLite file of the test's own (a copy of the one migrated once per session)."""
    path = tmp_path / "amends.sqlite3"
    shutil.copy(_migrated_sqlite_template, path)
    return path
