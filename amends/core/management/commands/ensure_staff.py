"""Create the demonstration's staff users once, and print their password every time.

``staff`` is a superuser; ``kim`` (caseworker), ``lee`` (legal reviewer), ``park`` and ``choi``
(finance officers), ``yoon`` (approver), ``jung`` (auditor) and ``han`` (executive) hold one role
each, so the four-eyes walk-through can be done by hand. They share one generated password, kept in
``var/staff-password`` (readable by its owner only) so that ``make run`` can print it again; it is
never hard-coded.
"""

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


class Command(BaseCommand):
    help = "Create the staff users of a local installation if missing, and print their password."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", default="staff")

    @transaction.atomic
    def handle(self, *args, username: str, **options) -> None:
        User = get_user_model()
        path = settings.VAR_DIR / f"{username}-password"
        if not path.exists():
            settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
            path.touch(mode=0o600)
            path.write_text(secrets.token_urlsafe(12))
        password = path.read_text().strip()
        for name, role in {username: None, **ROLE_USERS}.items():
            user = User.objects.filter(username=name).first()
            if user is None:
                user = User.objects.create_user(
                    username=name, password=password, is_staff=True, is_superuser=role is None
                )
            if role:
                user.groups.add(Group.objects.get_or_create(name=role)[0])
        self.stdout.write(f"Staff user: {username}  password: {password}")
        roles = ", ".join(f"{name} ({role.replace('_', ' ')})" for name, role in ROLE_USERS.items())
        self.stdout.write(f"Users with one role each, same password: {roles}")
