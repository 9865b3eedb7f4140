"""Create the demonstration staff user once, and print its password every time.

The password is generated, kept in ``var/staff-password`` (readable by its owner only) so that
``make run`` can print it again, and never hard-coded.
"""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Create the staff user for a local installation if missing, and print its password."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", default="staff")

    def handle(self, *args, username: str, **options) -> None:
        User = get_user_model()
        path = settings.VAR_DIR / f"{username}-password"
        user = User.objects.filter(username=username).first()
        if user is None or not path.exists():
            password = secrets.token_urlsafe(12)
            if user is None:
                User.objects.create_superuser(username=username, email="", password=password)
            else:
                user.set_password(password)
                user.save(update_fields=["password"])
            settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
            path.touch(mode=0o600)
            path.write_text(password)
        self.stdout.write(f"Staff user: {username}  password: {path.read_text().strip()}")
