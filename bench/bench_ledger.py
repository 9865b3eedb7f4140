"""Benchmark of the ledger: journal entries posted per second, and the trial balance over them.

    DATABASE_URL=... .venv/bin/python bench/bench_ledger.py [--entries N] [--chunk N] [--single N]

Uses the database DATABASE_URL names (default: a new SQLite file in a temporary folder) and migrates
it. Times ``--entries`` two-line entries posted through :func:`amends.fund.services.journal_post_many`
in transactions of ``--chunk`` entries (every entry checked as a single one is, then by the
database's triggers as it is marked posted), then ``--single`` entries through
:func:`~amends.fund.services.journal_post`, one transaction and one audit event each, as the
lifecycle's money events post theirs; then the trial balance over everything. Prints entries per
second and the trial balance's time.
"""

import argparse
import os
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--chunk", type=int, default=10_000)
    parser.add_argument("--single", type=int, default=2_000)
    arguments = parser.parse_args()
    scratch = tempfile.mkdtemp()
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch}/bench.sqlite3")
    os.environ.setdefault("AMENDS_VAR_DIR", scratch)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.db import connection

    from amends.fund import selectors, services
    from amends.fund.models import JournalEntry
    from amends.law import ledger

    call_command("migrate", verbosity=0)
    officer, _ = get_user_model().objects.get_or_create(username="bench-park")
    officer.groups.add(Group.objects.get_or_create(name="finance_officer")[0])
    rng = random.Random(0)
    pairs = [
        (ledger.BANK, ledger.CONTRIBUTIONS),
        (ledger.PAYMENTS_TO_CREDITORS, ledger.BANK),
        (ledger.COURT_DEPOSITS, ledger.BANK),
        (ledger.OPERATING_COSTS, ledger.BANK),
    ]

    def entry(number: int):
        debit, credit = pairs[number % len(pairs)]
        amount = rng.randrange(1, 300_000_000)
        return (
            date(2023, 1, 1) + timedelta(days=number % 1000),
            f"bench entry {number}",
            [ledger.debit(debit, amount), ledger.credit(credit, amount)],
        )

    before = JournalEntry.objects.count()
    print(f"database: {connection.vendor}; entries already there: {before:,}")
    started = time.perf_counter()
    posted = 0
    while posted < arguments.entries:
        size = min(arguments.chunk, arguments.entries - posted)
        posted += services.journal_post_many(entries=[entry(posted + i) for i in range(size)], by=officer)
    bulk = time.perf_counter() - started
    print(f"bulk: {posted:,} entries in {bulk:.1f} s: {posted / bulk:,.0f} entries/s")

    started = time.perf_counter()
    for number in range(arguments.single):
        on, memo, lines = entry(number)
        services.journal_post(on=on, memo=memo, lines=lines, by=officer)
    single = time.perf_counter() - started
    print(
        f"one by one (own transaction, audit event): {arguments.single:,} entries in {single:.1f} s: "
        f"{arguments.single / single:,.0f} entries/s"
    )

    started = time.perf_counter()
    tb = selectors.trial_balance()
    elapsed = time.perf_counter() - started
    print(
        f"trial balance over {JournalEntry.objects.count():,} entries: {elapsed:.2f} s, "
        f"debits {tb.debits:,} = credits {tb.credits:,}: {tb.balanced}"
    )


if __name__ == "__main__":
    main()
