"""``amends consultations import FILE``: import the public record of the bilateral consultations.

The file has the shape of ``amends/demo/data/consultations.json`` (``events``, and optionally
``civic_positions``). All or nothing: a bad event refuses the whole file, with the event's index and
field on stderr (``events[2].level: ...``), exit status 1, and nothing written. Events already on
record are left as they are, so importing twice adds nothing.
"""

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandParser, no_translations

from amends.outreach.services import consultations_import


class Command(BaseCommand):
    help = "The consultation record: 'import FILE' imports events and civic positions (all or nothing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("operation", choices=["import"], help="what to do with the consultation record")
        parser.add_argument(
            "file", type=Path, help="a JSON file shaped like amends/demo/data/consultations.json"
        )

    @no_translations
    def handle(self, *args, operation: str, file: Path, **options) -> None:
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except OSError as error:
            self.stderr.write(f"amends consultations import: {file}: {error.strerror or error}")
            raise SystemExit(1) from None
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            self.stderr.write(f"amends consultations import: {file}: not valid JSON: {error}")
            raise SystemExit(1) from None
        try:
            result = consultations_import(data=data, by=None)
        except ValidationError as error:
            for path, messages in error.message_dict.items():
                self.stderr.write(
                    f"amends consultations import: {file}: {path}: {' '.join(messages)}; nothing imported"
                )
            raise SystemExit(1) from None
        self.stdout.write(
            f"events added: {result.events_added}, already on record: {result.events_on_record}; "
            f"civic positions added: {result.positions_added}, "
            f"already on record: {result.positions_on_record}"
        )
