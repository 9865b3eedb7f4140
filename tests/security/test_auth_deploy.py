"""`amends check --deploy` passes with the production settings README documents ("Deployment
settings"), every one of them read from the environment; a wrong value stops the program, naming it."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

AMENDS = str(Path(sys.executable).parent / "amends")

# README, "Deployment settings".
PRODUCTION = {
    "AMENDS_ALLOWED_HOSTS": "amends.example.org",
    "AMENDS_SECURE_SSL_REDIRECT": "1",
    "AMENDS_HSTS_SECONDS": "31536000",
    "AMENDS_HSTS_INCLUDE_SUBDOMAINS": "1",
    "AMENDS_HSTS_PRELOAD": "1",
    "AMENDS_SECURE_COOKIES": "1",
    "AMENDS_SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO=https",
    "AMENDS_CSRF_TRUSTED_ORIGINS": "https://amends.example.org",
}


def check_deploy(database: Path, **settings: str) -> subprocess.CompletedProcess:
    # Only the settings given here: none of the test run's own (AMENDS_DEBUG, or the browser tests'
    # DJANGO_ALLOW_ASYNC_UNSAFE, which check --deploy rightly refuses).
    env = {name: value for name, value in os.environ.items() if not name.startswith(("AMENDS_", "DJANGO_"))}
    env |= {
        "DATABASE_URL": f"sqlite:///{database}",
        "AMENDS_VAR_DIR": str(database.parent),
        "AMENDS_SECRET_KEY": secrets.token_urlsafe(50),
        **settings,
    }
    return subprocess.run(
        [AMENDS, "check", "--deploy", "--fail-level", "WARNING"], env=env, capture_output=True, text=True
    )


def test_the_documented_production_settings_pass_check_deploy(migrated_sqlite):
    # when `amends check --deploy` runs with the production settings
    result = check_deploy(migrated_sqlite, **PRODUCTION)

    # then it finds nothing to warn about
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout + result.stderr


def test_without_them_check_deploy_names_what_is_missing(migrated_sqlite):
    # when it runs with the development defaults (make run on 127.0.0.1)
    result = check_deploy(migrated_sqlite)

    # then it warns of HSTS, the HTTPS redirect and the two cookies
    assert result.returncode != 0
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in result.stderr


def test_a_wrong_value_stops_the_program_naming_the_setting(migrated_sqlite):
    # when HSTS is given a duration that is not a number
    result = check_deploy(migrated_sqlite, **(PRODUCTION | {"AMENDS_HSTS_SECONDS": "one year"}))

    # then nothing runs, and the error names the variable
    assert result.returncode != 0
    assert "AMENDS_HSTS_SECONDS must be a whole number, not 'one year'" in result.stderr
