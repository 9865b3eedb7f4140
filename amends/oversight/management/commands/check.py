"""``amends check``: Django's system checks, then the invariants of the books and the files.

Django's own ``check`` runs first, exactly as before, with all its options (``--deploy``, ``--tag``,
``--fail-level``, ``--database``, ``--list-tags``, app labels); it stops the command on its own
errors. Then every invariant of :mod:`amends.oversight.invariants` is read against the database,
unless ``--no-invariants`` is given (or ``--list-tags``, which only lists):

- all hold: ``Invariants: all N hold.`` on stdout, exit status 0;
- else one line a violation on stderr, ``RULE: MESSAGE`` (``payment-entry: payment 12 of 300,000
  won to 김영수 (creditor 3 on award 2, 2013다61381): the ledger has no journal entry payment:12``),
  then ``CommandError: Invariants: V violations of R invariants.``, exit status 1.

The lines are in English whatever the locale, for scripts and logs. On PostgreSQL the invariants are
read in one read-only, repeatable-read transaction, so that a payment confirmed meanwhile cannot look
like a ledger that does not add up.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.management.base import CommandError, CommandParser
from django.core.management.commands import check
from django.db import DatabaseError, connection, transaction
from django.utils import translation

from amends.oversight import invariants


@contextmanager
def _one_snapshot() -> Iterator[None]:
    """One consistent view of the database for all the reads, where the database gives one cheaply."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


class Command(check.Command):
    help = (
        check.Command.help
        + " Then checks the invariants of the books and the files against the database (shares, "
        "overpayments, money after a death, the ledger, the audit chain, future dates) and exits 1 "
        "naming each violation."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--no-invariants",
            action="store_true",
            help="Run only Django's system checks, not the invariants of the database.",
        )

    def handle(self, *app_labels, **options) -> None:
        super().handle(*app_labels, **options)
        if options["list_tags"] or options["no_invariants"]:
            return
        try:
            with translation.override(None), _one_snapshot():
                found = invariants.results()
        except DatabaseError as error:
            raise CommandError(
                f"Invariants: the database cannot be read ({error}); run `amends migrate` first, or "
                "`amends check --no-invariants`.",
                returncode=1,
            ) from None
        violations = [violation for rows in found.values() for violation in rows]
        if not violations:
            self.stdout.write(f"Invariants: all {len(found)} hold.")
            return
        for violation in violations:
            self.stderr.write(str(violation))
        broken = sum(1 for rows in found.values() if rows)
        raise CommandError(
            f"Invariants: {len(violations)} violation{'s' if len(violations) != 1 else ''} of {broken} "
            f"of the {len(found)} invariants.",
            returncode=1,
        )
