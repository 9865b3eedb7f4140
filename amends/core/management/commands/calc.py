"""``amends calc interest`` (delay damages) and ``amends calc shares`` (heirs' shares): JSON on stdin
(or ``--file``) to JSON on stdout.

Bad input exits with status 2 and one line on stderr naming the field; nothing is printed on stdout.
"""

import json
import sys

from django.core.management.base import BaseCommand, CommandParser

from amends.law import interest_json, succession_json
from amends.law.interest import InterestInputError
from amends.law.succession import SuccessionInputError

CALCULATIONS = {
    "interest": (interest_json.calculate, InterestInputError),
    "shares": (succession_json.calculate, SuccessionInputError),
}


class Command(BaseCommand):
    help = (
        "Pure calculations, JSON in and JSON out: 'interest' computes delay damages, 'shares' the heirs' "
        "shares of an estate."
    )
    requires_system_checks = []  # a calculation needs no database and no checks

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("calculation", choices=sorted(CALCULATIONS), help="what to calculate")
        parser.add_argument("--file", help="read the JSON input from this file instead of stdin")

    def handle(self, *args, calculation: str, file: str | None, **options) -> None:
        calculate, input_error = CALCULATIONS[calculation]
        try:
            if file:
                with open(file, encoding="utf-8") as handle:
                    text = handle.read()
            else:
                text = sys.stdin.read()
            result = calculate(text)
        except input_error as error:
            self._fail(calculation, str(error))
        except OSError as error:
            self._fail(calculation, f"--file: {error.strerror}: {file}")
        except UnicodeDecodeError:
            self._fail(calculation, "input: not UTF-8 text")
        self.stdout.write(json.dumps(result, ensure_ascii=False))

    def _fail(self, calculation: str, message: str) -> None:
        self.stderr.write(f"amends calc {calculation}: {message}")
        raise SystemExit(2)
