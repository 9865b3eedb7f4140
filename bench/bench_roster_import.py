"""Benchmark of the roster import: rows per second through the importer, beside a plain load of the
same CSV into a plain table in the same run.

    DATABASE_URL=... .venv/bin/python bench/bench_roster_import.py [--rows 200000] [--repeat 3]
        [--csv roster.csv] [--profile]

Uses the database DATABASE_URL names (default: a new SQLite file in a temporary folder) and migrates
it. Generates a synthetic roster of ``--rows`` rows (amends.rosters.synthetic; not timed) unless
``--csv`` names one, then ``--repeat`` times, alternating which goes first:

- amends: :func:`amends.rosters.imports.import_file` of the whole file, through the service as the
  ``roster import`` command calls it (existing refs read, every cell checked, rows written, the batch
  and its audit event, one transaction); the rows are deleted afterwards (not timed);
- anchor: on PostgreSQL, ``COPY … FROM STDIN (FORMAT csv, HEADER)`` of the same file's bytes into a
  plain table of text columns (no index, no check); on SQLite, the file read by :mod:`csv` and
  ``executemany`` into such a table. Either in one transaction, committed;
- second anchor, the same load into a copy of the roster table (its primary key, unique ref and
  pattern index, batch index, NOT NULL columns and deferred foreign key): the database's own cost of
  these rows in that table, which no importer can go below.

Prints each run's figures and two table rows (medians of the runs) with :func:`bench.common.row`,
with the number of queries the import issued (COPY rows are not queries).
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--csv", type=Path, help="a roster CSV in the standard columns (default: generated)")
    parser.add_argument("--profile", action="store_true", help="cProfile one import, print the top")
    arguments = parser.parse_args()
    scratch = tempfile.mkdtemp()
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch}/bench.sqlite3")
    os.environ.setdefault("AMENDS_VAR_DIR", scratch)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    import csv

    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from amends.rosters.imports import import_file
    from amends.rosters.models import ImportBatch, RosterEntry

    call_command("migrate", verbosity=0)
    path = arguments.csv
    if path is None:
        from amends.rosters.synthetic import generate

        path = generate(roster=arguments.rows, applications=1, seed=1, directory=Path(scratch)).roster
    with path.open(newline="", encoding="utf-8-sig") as handle:
        header = next(csv.reader(handle))
        rows = sum(1 for _ in handle)  # one line a row: the synthetic CSV has no line breaks in cells
    vendor = connection.vendor
    print(f"database: {vendor}; file: {path.name}, {rows:,} rows, {len(header)} columns", flush=True)
    quote = connection.ops.quote_name
    plain = quote("bench_roster_plain")
    columns = ", ".join(f"{quote(name)} text" for name in header)

    shaped = quote("bench_roster_shaped")
    roster_table = quote(RosterEntry._meta.db_table)

    def anchor(*, shape: bool = False) -> float:
        """Rows per second loading the file into a plain table of text columns, or (``shape``) into
        a copy of the roster table with its indexes, its NOT NULL columns and its deferred foreign key
        to an import batch: what the database itself needs for these rows in that table."""
        table = shaped if shape else plain
        names = ", ".join(map(quote, header))
        batch = ImportBatch.objects.create(kind="roster", source="bench", file_name=path.name, rows=0)
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {table}")
            if not shape:
                cursor.execute(f"CREATE TABLE {table} ({columns})")
            elif vendor == "postgresql":
                cursor.execute(f"CREATE TABLE {table} (LIKE {roster_table} INCLUDING ALL)")
                cursor.execute(f"CREATE INDEX ON {table} (ref varchar_pattern_ops)")
                cursor.execute(
                    f"ALTER TABLE {table} ADD FOREIGN KEY (batch_id) REFERENCES "
                    f"{quote(ImportBatch._meta.db_table)} (id) DEFERRABLE INITIALLY DEFERRED, "
                    f"ALTER source_name SET DEFAULT 'bench', ALTER batch_id SET DEFAULT {batch.pk}"
                )
            else:
                cursor.execute(
                    "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = %s",
                    [RosterEntry._meta.db_table],
                )
                ddl = cursor.fetchone()[0].replace(roster_table, table, 1)
                cursor.execute(ddl)
                cursor.execute(f"CREATE UNIQUE INDEX bench_roster_shaped_ref ON {table} (ref)")
                cursor.execute(f"CREATE INDEX bench_roster_shaped_batch ON {table} (batch_id)")
        started = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            if vendor == "postgresql":
                load = (
                    f"COPY {table} ({names}) FROM STDIN (FORMAT csv, HEADER true, FORCE_NOT_NULL ({names}))"
                    if shape
                    else f"COPY {table} FROM STDIN (FORMAT csv, HEADER true)"
                )
                with path.open("rb") as handle, cursor.cursor.copy(load) as copy:
                    while block := handle.read(1 << 20):
                        copy.write(block)
            else:
                if shape:
                    sql = (
                        f"INSERT INTO {table} ({names}, source_name, batch_id) "
                        f"VALUES ({', '.join(['%s'] * len(header))}, 'bench', {batch.pk})"
                    )
                else:
                    sql = f"INSERT INTO {table} VALUES ({', '.join(['%s'] * len(header))})"
                with path.open(newline="", encoding="utf-8-sig") as handle:
                    reader = csv.reader(handle)
                    next(reader)
                    cursor.executemany(sql, list(reader))
        elapsed = time.perf_counter() - started
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {table}")
            assert cursor.fetchone()[0] == rows
            cursor.execute(f"DROP TABLE {table}")
        batch.delete()
        return rows / elapsed

    def amends(profile: bool = False) -> tuple[float, int]:
        with CaptureQueriesContext(connection) as queries:
            if profile:
                import cProfile
                import pstats

                profiler = cProfile.Profile()
                started = time.perf_counter()
                profiler.enable()
                batch = import_file(kind="roster", path=path, by=None, source="bench")
                profiler.disable()
                elapsed = time.perf_counter() - started
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
            else:
                started = time.perf_counter()
                batch = import_file(kind="roster", path=path, by=None, source="bench")
                elapsed = time.perf_counter() - started
        assert batch.rows == rows and RosterEntry.objects.filter(batch=batch).count() == rows
        RosterEntry.objects.filter(batch=batch).delete()
        ImportBatch.objects.filter(pk=batch.pk).delete()
        vacuum()
        return rows / elapsed, len(queries)

    def vacuum() -> None:
        """The roster table without the dead rows of the last run, as the copy the anchor loads is."""
        if vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"VACUUM ANALYZE {roster_table}")

    vacuum()

    ours, theirs, floors, counts = [], [], [], set()
    for number in range(arguments.repeat):
        if number % 2:
            theirs.append(anchor())
            floors.append(anchor(shape=True))
            rate, count = amends()
        else:
            rate, count = amends()
            floors.append(anchor(shape=True))
            theirs.append(anchor())
        ours.append(rate)
        counts.add(count)
        print(
            f"run {number + 1}: import {rate:,.0f} rows/s; plain table {theirs[-1]:,.0f} rows/s "
            f"({theirs[-1] / rate:.1f}×); roster-shaped table {floors[-1]:,.0f} rows/s "
            f"({floors[-1] / rate:.1f}×); {count} queries",
            flush=True,
        )
    if arguments.profile:
        amends(profile=True)
    database = "PostgreSQL" if vendor == "postgresql" else "SQLite"
    load = "COPY of the same CSV" if vendor == "postgresql" else "csv + executemany"
    size = f"{rows // 1000}k rows" if rows >= 1000 else f"{rows} rows"
    queries = "/".join(map(str, sorted(counts)))
    row(
        f"roster import {size}, {database}, {queries} queries (anchor: {load} into a plain table)",
        amends=statistics.median(ours),
        anchor=statistics.median(theirs),
        unit="rows/s",
    )
    row(
        f"roster import {size}, {database} (anchor: {load} into a table shaped like the roster's: "
        "its indexes, NOT NULL and foreign key)",
        amends=statistics.median(ours),
        anchor=statistics.median(floors),
        unit="rows/s",
    )


if __name__ == "__main__":
    main()
