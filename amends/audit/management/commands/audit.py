"""``amends audit verify``: prove the audit chain, for a person or for cron.

Prints ``audit chain intact: N events`` and exits 0, or prints ``audit chain broken at event SEQ:
REASON`` on stderr and exits 1. The lines are in English whatever the locale, for scripts and logs.
"""

from django.core.management.base import BaseCommand, CommandParser, no_translations

from amends.audit.selectors import verify_chain


class Command(BaseCommand):
    help = "The audit trail: 'verify' recomputes the hash chain and names the first event that breaks it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("operation", choices=["verify"], help="what to do with the audit trail")

    @no_translations
    def handle(self, *args, operation: str, **options) -> None:
        result = verify_chain()
        if not result.ok:
            self.stderr.write(f"audit chain broken at event {result.first_bad_sequence}: {result.reason}")
            raise SystemExit(1)
        self.stdout.write(f"audit chain intact: {result.checked} events")
