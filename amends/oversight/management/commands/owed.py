"""``amends owed roll`` / ``amends owed rebuild``: the stored summary of what is owed
(:mod:`amends.payments.owed_lines`).

- ``roll`` (daily, from cron, after midnight in the foundation's time zone): renews the lines of the
  awards whose lines do not hold today (about one award in 365 a day: a line ends at the next
  accrual term or year of the period method), and writes those of awards that have none (made below
  the payments' floor, or by a bulk load). Cheap: a few hundred awards a day.
- ``rebuild``: every award's lines, in place of all that was stored (after a bulk load that bypassed
  the services, or a restore of an older backup).

Either prints how many awards or lines it wrote. The dashboard is right without them (an award
whose lines do not hold is computed when read); they make it fast. ``amends check`` (``owed-summary``)
proves the lines that hold today equal :mod:`amends.payments.owed`'s figures.
"""

from django.core.management.base import BaseCommand, CommandParser

from amends.core.clock import today
from amends.payments import owed_lines


class Command(BaseCommand):
    help = (
        "The stored summary of what is owed: 'roll' renews the lines that ended (daily), 'rebuild' "
        "writes every award's lines again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["roll", "rebuild"])

    def handle(self, *args, action: str, **options) -> None:
        on = today()
        if action == "roll":
            count = owed_lines.roll(on=on)
            self.stdout.write(f"Owed lines renewed on {on}: {count:,} awards.")
        else:
            count = owed_lines.rebuild(on=on)
            self.stdout.write(f"Owed lines written on {on}: {count:,} lines.")
