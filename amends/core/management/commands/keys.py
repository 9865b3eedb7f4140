"""``amends keys rotate``: re-encrypt every personal value and file under the first of
``AMENDS_FIELD_KEYS`` and recompute the keyed hashes under ``AMENDS_SEARCH_KEY``.

Rotating a key: generate one (``amends keys generate``), put it first in ``AMENDS_FIELD_KEYS`` with the
old key after it (``new,old``: the old still decrypts), restart, run ``amends keys rotate``, then drop
the old key. The values are rotated in one transaction; each file is replaced at once (a file rotated
before a failure is under the new key, which opens it). Run again, it rotates whatever is left.
"""

from cryptography.fernet import Fernet
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from amends.core.crypto import rotate_all


class Command(BaseCommand):
    help = "Personal data keys: 'rotate' re-encrypts under the first key; 'generate' prints a new key."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["rotate", "generate"])

    def handle(self, *args, action: str, **options) -> None:
        if action == "generate":
            self.stdout.write(Fernet.generate_key().decode())
            return
        with transaction.atomic():
            written = rotate_all()
        for name, count in written.items():
            self.stdout.write(f"{name}: {count}")
