"""``amends ledger trial-balance [--format json|text] [--on DATE]``: the fund's trial balance.

JSON: ``{"debits": D, "credits": C, "accounts": [{"code", "name", "kind", "balance"}, ...]}``, where
D and C are the sums of the accounts' debit and credit balances and ``balance`` is on each account's
normal side. Exits 1 when D ≠ C (which the database's own checks should make impossible), else 0.
"""

import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError, CommandParser, no_translations

from amends.fund.selectors import trial_balance


class Command(BaseCommand):
    help = "The fund's ledger: 'trial-balance' prints every account's balance and exits 1 if unbalanced."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("operation", choices=["trial-balance"], help="what to show")
        parser.add_argument("--format", choices=["json", "text"], default="text")
        parser.add_argument("--on", help="only entries up to this date (YYYY-MM-DD)")

    @no_translations
    def handle(self, *args, operation: str, format: str, on: str | None, **options) -> None:
        try:
            day = date.fromisoformat(on) if on else None
        except ValueError:
            raise CommandError(f"--on: {on!r} is not a date (YYYY-MM-DD)") from None
        tb = trial_balance(on=day)
        if format == "json":
            self.stdout.write(json.dumps(tb.as_json(), ensure_ascii=False))
        else:
            width = max((len(a.name) for a in tb.accounts), default=10)
            self.stdout.write(f"{'code':<6} {'account':<{width}} {'debit':>18} {'credit':>18}")
            for a in tb.accounts:
                self.stdout.write(
                    f"{a.code:<6} {a.name:<{width}} {a.debit_balance:>18,} {a.credit_balance:>18,}"
                )
            self.stdout.write(f"{'':<6} {'total':<{width}} {tb.debits:>18,} {tb.credits:>18,}")
            self.stdout.write("balanced" if tb.balanced else "NOT BALANCED")
        if not tb.balanced:
            raise SystemExit(1)
