"""Benchmark of the ledger: journal entries posted per second, and the trial balance over them, each
beside an anchor measured in the same run (bench/common.py's ``row``).

    DATABASE_URL=... .venv/bin/python bench/bench_ledger.py [--entries N] [--chunk N] [--single N]

Uses the database DATABASE_URL names (default: a new SQLite file in a temporary folder) and migrates
it. Rows:

- bulk posting: ``--entries`` two-line entries through :func:`amends.fund.services.journal_post_many`
  in transactions of ``--chunk`` entries (every entry checked in Python, then by the database's
  triggers), against the same rows written by ``executemany`` and (PostgreSQL) by ``COPY`` into
  tables of the ledger's shape (same columns, indexes, checks and foreign keys; no triggers), in
  transactions of the same size.
- one entry per transaction: ``--single`` entries through :func:`~amends.fund.services.journal_post`
  (role check, audit event), as the lifecycle's money events post theirs, against a transaction of
  the entry's ``INSERT … RETURNING`` and its two postings' ``INSERT`` into the anchor tables.
- the trial balance over everything, against one ``SUM … GROUP BY account`` over the postings.
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

from bench.common import row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=200_000)
    parser.add_argument("--chunk", type=int, default=10_000)
    parser.add_argument("--single", type=int, default=1_000)
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
    from django.db import connection, transaction
    from django.utils import timezone

    from amends.fund import selectors, services
    from amends.fund.models import JournalEntry
    from amends.law import ledger

    call_command("migrate", verbosity=0)
    officer, _ = get_user_model().objects.get_or_create(username="bench-park")
    officer.groups.add(Group.objects.get_or_create(name="finance_officer")[0])
    accounts = {code: account.pk for code, account in services.chart_accounts().items()}
    postgresql = connection.vendor == "postgresql"
    rng = random.Random(0)
    # What a finance officer may post by hand (payments to creditors and court deposits move only
    # through the claims' own steps).
    pairs = [
        (ledger.BANK, ledger.CONTRIBUTIONS),
        (ledger.OPERATING_COSTS, ledger.BANK),
        (ledger.BANK, ledger.CONTRIBUTIONS_RESTRICTED),
        (ledger.NET_ASSETS, ledger.BANK),
    ]

    def entry(number: int):
        debit, credit = pairs[number % len(pairs)]
        amount = rng.randrange(1, 300_000_000)
        return (
            date(2023, 1, 1) + timedelta(days=number % 1000),
            f"bench entry {number}",
            [ledger.debit(debit, amount), ledger.credit(credit, amount)],
        )

    def chunks():
        done = 0
        while done < arguments.entries:
            size = min(arguments.chunk, arguments.entries - done)
            yield [entry(done + i) for i in range(size)]
            done += size

    # The anchor tables: the ledger's shape without its triggers.
    with connection.cursor() as cursor:
        for name, table in (("bench_entry", "fund_journalentry"), ("bench_posting", "fund_posting")):
            cursor.execute(f"DROP TABLE IF EXISTS {name}")
            if postgresql:
                cursor.execute(f"CREATE TABLE {name} (LIKE {table} INCLUDING ALL)")
            else:
                cursor.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = %s", [table])
                cursor.execute(cursor.fetchone()[0].replace(f'"{table}"', name, 1))
        deferred = " DEFERRABLE INITIALLY DEFERRED"
        if postgresql:
            cursor.execute(
                "ALTER TABLE bench_posting "
                f"ADD FOREIGN KEY (entry_id) REFERENCES bench_entry (id){deferred}, "
                f"ADD FOREIGN KEY (account_id) REFERENCES fund_account (id){deferred}"
            )
        else:  # the copied definition points the postings at fund_journalentry: at bench_entry instead
            cursor.execute("DROP TABLE bench_posting")
            cursor.execute(
                "CREATE TABLE bench_posting (id integer NOT NULL PRIMARY KEY AUTOINCREMENT, "
                "debit bigint NOT NULL, credit bigint NOT NULL, "
                f"account_id bigint NOT NULL REFERENCES fund_account (id){deferred}, "
                f"entry_id bigint NOT NULL REFERENCES bench_entry (id){deferred}, "
                "CONSTRAINT bench_one_side CHECK ((debit > 0 AND credit = 0) OR (debit = 0 AND credit > 0)))"
            )
            cursor.execute("CREATE INDEX bench_posting_entry ON bench_posting (entry_id)")
            cursor.execute("CREATE INDEX bench_posting_account ON bench_posting (account_id)")
    next_id = [10**9]

    def anchor_rows(batch):
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        entries, postings = [], []
        for on, memo, lines in batch:
            next_id[0] += 1
            entries.append(
                (next_id[0], connection.ops.adapt_datefield_value(on), memo, True, now, officer.pk)
            )
            postings.extend((next_id[0], accounts[line.account], line.debit, line.credit) for line in lines)
        return entries, postings

    entry_columns = "(id, posted_on, memo, posted, recorded_at, recorded_by_id)"
    posting_columns = "(entry_id, account_id, debit, credit)"

    def executemany(batch):
        entries, postings = anchor_rows(batch)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO bench_entry {entry_columns} VALUES (%s, %s, %s, %s, %s, %s)", entries
            )
            cursor.executemany(
                f"INSERT INTO bench_posting {posting_columns} VALUES (%s, %s, %s, %s)", postings
            )

    def copy(batch):
        entries, postings = anchor_rows(batch)
        with transaction.atomic(), connection.cursor() as cursor:
            with cursor.cursor.copy(f"COPY bench_entry {entry_columns} FROM STDIN") as writing:
                for values in entries:
                    writing.write_row(values)
            with cursor.cursor.copy(f"COPY bench_posting {posting_columns} FROM STDIN") as writing:
                for values in postings:
                    writing.write_row(values)

    def amends(batch):
        services.journal_post_many(entries=batch, by=officer)

    print(
        f"database: {connection.vendor}; entries already there: {JournalEntry.objects.count():,}; "
        f"{arguments.entries:,} entries in transactions of {arguments.chunk:,}"
    )
    # Interleaved chunk by chunk, so that the machine's load weighs on each alike.
    ways = {"amends": amends, "executemany": executemany} | ({"COPY": copy} if postgresql else {})
    spent = dict.fromkeys(ways, 0.0)
    for batch in chunks():
        for name, way in ways.items():
            started = time.perf_counter()
            way(batch)
            spent[name] += time.perf_counter() - started
    rate = {name: arguments.entries / seconds for name, seconds in spent.items()}
    vendor = "PostgreSQL" if postgresql else "SQLite"
    row(
        f"ledger bulk posting vs executemany, {vendor}",
        amends=rate["amends"],
        anchor=rate["executemany"],
        unit="entries/s",
    )
    if postgresql:
        row(
            f"ledger bulk posting vs COPY, {vendor}",
            amends=rate["amends"],
            anchor=rate["COPY"],
            unit="entries/s",
        )

    def single_anchor(on, memo, lines):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO bench_entry (posted_on, memo, posted, recorded_at, recorded_by_id) "
                "VALUES (%s, %s, %s, %s, %s) RETURNING id",
                [
                    connection.ops.adapt_datefield_value(on),
                    memo,
                    True,
                    connection.ops.adapt_datetimefield_value(timezone.now()),
                    officer.pk,
                ],
            )
            pk = cursor.fetchone()[0]
            cursor.execute(
                f"INSERT INTO bench_posting {posting_columns} VALUES (%s, %s, %s, %s), (%s, %s, %s, %s)",
                [value for line in lines for value in (pk, accounts[line.account], line.debit, line.credit)],
            )

    spent = {"amends": 0.0, "anchor": 0.0}
    for number in range(arguments.single):
        on, memo, lines = entry(number)
        started = time.perf_counter()
        services.journal_post(on=on, memo=memo, lines=lines, by=officer)
        middle = time.perf_counter()
        single_anchor(on, memo, lines)
        spent["amends"] += middle - started
        spent["anchor"] += time.perf_counter() - middle
    if arguments.single:
        row(
            f"ledger, one entry per transaction (audit event), {vendor}",
            amends=arguments.single / spent["amends"],
            anchor=arguments.single / spent["anchor"],
            unit="entries/s",
        )

    total = JournalEntry.objects.count()
    started = time.perf_counter()
    tb = selectors.trial_balance()
    amends_time = time.perf_counter() - started
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p.account_id, SUM(p.debit), SUM(p.credit) FROM fund_posting p "
            "JOIN fund_journalentry e ON e.id = p.entry_id WHERE e.posted GROUP BY p.account_id"
        )
        cursor.fetchall()
    anchor_time = time.perf_counter() - started
    assert tb.balanced, "the trial balance does not balance"
    row(
        f"ledger trial balance, {total:,} entries, {vendor}", amends=amends_time, anchor=anchor_time, unit="s"
    )
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_posting")
        cursor.execute("DROP TABLE bench_entry")


if __name__ == "__main__":
    main()
