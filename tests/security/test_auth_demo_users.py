"""The demonstration's staff users each have a password of their own, generated when they are made,
kept readable by its owner only in VAR_DIR and printed again by `amends ensure_staff` (`make run`)."""

import io
import stat

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory

from amends.core.management.commands.ensure_staff import PASSWORDS_FILE, ROLE_USERS, SHARED_PASSWORD_FILE

pytestmark = pytest.mark.django_db

NAMES = ["staff", *ROLE_USERS]


@pytest.fixture
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return tmp_path


def ensure_staff() -> str:
    out = io.StringIO()
    call_command("ensure_staff", stdout=out)
    return out.getvalue()


def printed_passwords(output: str) -> dict[str, str]:
    rows = (line.split() for line in output.splitlines() if line.startswith("  "))
    return {row[0]: row[1] for row in rows}


def signs_in(username: str, password: str) -> bool:
    # Through the authentication backends sign-in uses, django-axes's included.
    return authenticate(RequestFactory().post("/login/"), username=username, password=password) is not None


def test_each_user_has_a_password_of_their_own(var_dir):
    # when the demonstration's users are made
    passwords = printed_passwords(ensure_staff())

    # then each of the eight has a password, no two alike, and each opens only its own user
    assert sorted(passwords) == sorted(NAMES)
    assert len(set(passwords.values())) == len(NAMES)
    assert all(len(password) >= 16 for password in passwords.values())
    assert signs_in("kim", passwords["kim"])
    assert not signs_in("lee", passwords["kim"])


def test_the_passwords_are_kept_for_their_owner_only_and_printed_again(var_dir):
    # given the users made once
    first = printed_passwords(ensure_staff())

    # when ensure_staff runs again (make run does, each time)
    again = printed_passwords(ensure_staff())

    # then it prints the same passwords, kept in a file only its owner can read
    assert again == first
    kept = var_dir / PASSWORDS_FILE
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert kept.read_text().splitlines()[1] == f"kim {first['kim']}"
    assert signs_in("kim", first["kim"])


def test_users_who_shared_one_password_are_given_their_own(var_dir, django_user_model):
    # given an older installation: every user on the one shared password of var/staff-password
    (var_dir / SHARED_PASSWORD_FILE).write_text("shared-old-password")
    for name in NAMES:
        django_user_model.objects.create_user(username=name, password="shared-old-password", is_staff=True)

    # when ensure_staff runs
    passwords = printed_passwords(ensure_staff())

    # then the shared password opens no user, each has their own, and the old file is gone
    assert len(set(passwords.values())) == len(NAMES)
    assert not any(signs_in(name, "shared-old-password") for name in NAMES)
    assert all(signs_in(name, passwords[name]) for name in NAMES)
    assert not (var_dir / SHARED_PASSWORD_FILE).exists()
