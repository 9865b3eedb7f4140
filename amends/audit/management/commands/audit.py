"""``amends audit verify`` and ``amends audit checkpoint``: prove the audit chain, and write its head
outside the database, for a person or for cron.

- ``verify [--checkpoints DIR]`` prints ``audit chain intact: N events`` (and the checkpoint it was
  checked against) and exits 0, or prints ``audit chain broken at event SEQ: REASON`` on stderr and
  exits 1. ``DIR``: the checkpoints to check against (default: this database's,
  ``settings.AUDIT_CHECKPOINT_DIR``); a restored database is checked against the checkpoints copied off
  the machine it came from. A ``DIR`` named that holds no checkpoint fails (exit 1).
- ``checkpoint [--checkpoints DIR]`` verifies the chain, then writes its head, signed with the audit key,
  to a new read-only file (``amends.audit.services.audit_checkpoint``) and prints its path; a chain that
  does not verify gets no checkpoint (exit 1).

The lines are in English whatever the locale, for scripts and logs.
"""

from django.core.management.base import BaseCommand, CommandParser, no_translations

from amends.audit.selectors import VerifyResult, verify_chain
from amends.audit.services import ChainBroken, audit_checkpoint


class Command(BaseCommand):
    help = (
        "The audit trail: 'verify' recomputes the hash chain, checks the head's seal and the latest "
        "checkpoint, and names the first event that breaks it; 'checkpoint' writes the verified head, "
        "signed, to a file outside the database."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "operation", choices=["verify", "checkpoint"], help="what to do with the audit trail"
        )
        parser.add_argument(
            "--checkpoints",
            metavar="DIR",
            default=None,
            help="the folder of checkpoints (default: this database's, AMENDS_AUDIT_CHECKPOINT_DIR)",
        )

    @no_translations
    def handle(self, *args, operation: str, checkpoints: str | None, **options) -> None:
        if operation == "checkpoint":
            try:
                written = audit_checkpoint(directory=checkpoints)
            except ChainBroken as error:
                self.stderr.write(f"{error}; no checkpoint written")
                raise SystemExit(1) from None
            self.stdout.write(f"audit checkpoint at event {written.sequence}: {written.path}")
            return
        result = verify_chain(checkpoints_in=checkpoints)
        if result.ok and checkpoints is not None and result.checkpoint is None:
            # Named on purpose, so a folder with nothing to check against is a mistake, not a pass.
            self.stderr.write(f"audit chain not verified: no checkpoint in {checkpoints}")
            raise SystemExit(1)
        if not result.ok:
            self.stderr.write(_failure(result))
            raise SystemExit(1)
        line = f"audit chain intact: {result.checked} events"
        if checkpoint := result.checkpoint:
            line += f" (checkpoint {checkpoint.path.name} at event {checkpoint.sequence})"
        self.stdout.write(line)


def _failure(result: VerifyResult) -> str:
    if result.first_bad_sequence is None:
        return f"audit chain not verified: {result.reason}"
    return f"audit chain broken at event {result.first_bad_sequence}: {result.reason}"
