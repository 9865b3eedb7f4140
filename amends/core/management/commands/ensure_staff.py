"""Create the demonstration's staff users once, each with a password of their own, and print them.

``staff`` is a superuser; ``kim`` (caseworker), ``lee`` (legal reviewer), ``park`` and ``choi``
(finance officers), ``yoon`` (approver), ``jung`` (auditor) and ``han`` (executive) hold one role
each, so the four-eyes walk-through can be done by hand.

Each user's password is generated when the user is made (never hard-coded, never shared) and kept in
``var/staff-passwords`` (one ``name password`` a line, readable by its owner only), so that ``make
run`` can print them again. A demonstration user the file does not name (one made before the file
existed, when all shared one password) is given a password of its own the next time this runs. At
their first sign-in each user enrols an authenticator app (amends.core.signin).
"""

import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from amends.core import roles

ROLE_USERS = {
    "kim": roles.CASEWORKER,
    "lee": roles.LEGAL_REVIEWER,
    "park": roles.FINANCE_OFFICER,
    "choi": roles.FINANCE_OFFICER,
    "yoon": roles.APPROVER,
    "jung": roles.AUDITOR,
    "han": roles.EXECUTIVE,
}
PASSWORDS_FILE = "staff-passwords"
# The one password the demonstration's users shared before each had their own; removed once replaced.
SHARED_PASSWORD_FILE = "staff-password"


def read_passwords(path) -> dict[str, str]:
    if not path.exists():
        return {}
    pairs = (line.split(" ", 1) for line in path.read_text().splitlines() if " " in line)
    return {name: password for name, password in pairs}


def write_passwords(path, passwords: dict[str, str]) -> None:
    # Created readable and writable by its owner only, before anything is written into it.
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as file:
        file.writelines(f"{name} {password}\n" for name, password in passwords.items())
    os.chmod(path, 0o600)


class Command(BaseCommand):
    help = "Create the staff users of a local installation if missing, and print their passwords."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", default="staff")

    def handle(self, *args, username: str, **options) -> None:
        User = get_user_model()
        path = settings.VAR_DIR / PASSWORDS_FILE
        passwords = read_passwords(path)
        users = {username: None, **ROLE_USERS}
        made = False
        # The users first, then the file: should writing the file fail, the users it would have named
        # are given new passwords the next time, rather than the file naming passwords never set.
        with transaction.atomic():
            for name, role in users.items():
                user = User.objects.filter(username=name).first()
                if user is None:
                    # A new database beside a kept var/ takes the passwords the file already holds.
                    user = User(username=name, is_staff=True, is_superuser=role is None)
                if user.pk is None or name not in passwords:
                    if name not in passwords:
                        passwords[name] = secrets.token_urlsafe(12)
                        made = True
                    user.set_password(passwords[name])
                    user.save()
                if role:
                    user.groups.add(Group.objects.get_or_create(name=role)[0])
        if made:
            write_passwords(path, passwords)
        (settings.VAR_DIR / SHARED_PASSWORD_FILE).unlink(missing_ok=True)

        self.stdout.write(f"Staff users, each with a password of their own (kept in {path}):")
        for name, role in users.items():
            what = "superuser" if role is None else role.replace("_", " ")
            self.stdout.write(f"  {name:<8} {passwords[name]}  {what}")
        if settings.AMENDS_REQUIRE_2FA:
            self.stdout.write(
                "At the first sign-in each user scans a QR code with an authenticator app, "
                "then signs in with its code."
            )
