"""Imports of rosters, applications and earlier-programme payments from CSV or XLSX: all or nothing.

A file's columns are mapped to the standard ones (``--mapping "Name=name_hangul,Born=birth_date"``, or
a JSON file of the same pairs; a column mapped to nothing is ignored). Every row is checked before
anything is written; one bad cell refuses the whole file with a report naming each row and column.
Accepted rows go in by bulk insert (``executemany`` on SQLite, ``COPY`` on PostgreSQL), with one
:class:`~amends.rosters.models.ImportBatch` and one audit event for the file, in one transaction.
"""

import csv
import io
import json
import zipfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from itertools import islice, repeat
from pathlib import Path

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser as User
from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, connection, transaction
from django.utils.translation import gettext as _
from openpyxl.utils.exceptions import InvalidFileException

from amends.audit.services import audit_append
from amends.core import limits
from amends.core.bulk import bulk_insert
from amends.core.roles import CASEWORKER, check_actor
from amends.linkage.facts import BadBirthDate, parse_birth_date
from amends.rosters.models import Application, EarlierPayment, ImportBatch, RosterEntry
from amends.rosters.selectors import existing_refs

STANDARD = (
    "ref", "name_hangul", "name_hanja", "name_japanese", "name_japanese_reading", "name_romanized",
    "birth_date", "hometown",
)  # fmt: skip
COLUMNS = {
    ImportBatch.Kind.ROSTER: (
        *STANDARD,
        "employer",
        "worksite",
        "source",
        "archive",
        "roster",
        "page",
        "line",
    ),
    ImportBatch.Kind.APPLICATIONS: (*STANDARD, "employer", "worksite", "source"),
    ImportBatch.Kind.PAYMENTS: (*STANDARD, "programme", "paid_on", "amount"),
}
MODELS = {
    ImportBatch.Kind.ROSTER: RosterEntry,
    ImportBatch.Kind.APPLICATIONS: Application,
    ImportBatch.Kind.PAYMENTS: EarlierPayment,
}
MAX_ERRORS = 100
MAX_AMOUNT = 2**63 - 1  # the largest BigIntegerField
# What reading a file that is neither a UTF-8 CSV nor an XLSX workbook raises.
_UNREADABLE = (UnicodeDecodeError, csv.Error, zipfile.BadZipFile, InvalidFileException)


@dataclass
class RowError:
    row: int  # the file's row number, the header being row 1
    column: str
    message: str

    def __str__(self) -> str:
        return (
            f"row {self.row}, {self.column}: {self.message}" if self.row else f"{self.column}: {self.message}"
        )


@dataclass
class ImportRefused(Exception):
    """The file was refused and nothing was written; ``errors`` says why, row by row."""

    errors: list[RowError] = field(default_factory=list)
    more: int = 0

    def report(self) -> str:
        lines = [str(error) for error in self.errors]
        if self.more:
            lines.append(f"… and {self.more} more")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.report()


def parse_mapping(text: str | None) -> dict[str, str]:
    """``"File column=standard,Other="`` or the path of a JSON object of the same pairs."""
    if not text:
        return {}
    path = Path(text)
    if path.suffix == ".json" and path.exists():
        mapping = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(mapping, dict):
            raise ImportRefused([RowError(0, "mapping", "the JSON file must hold an object")])
        return {str(key): str(value or "") for key, value in mapping.items()}
    mapping = {}
    for pair in text.split(","):
        if "=" not in pair:
            raise ImportRefused([RowError(0, "mapping", f"{pair!r} is not COLUMN=STANDARD")])
        column, standard = pair.split("=", 1)
        mapping[column.strip()] = standard.strip()
    return mapping


@contextmanager
def read_table(path: Path) -> Iterator[tuple[list[str], Iterator[list[str]]]]:
    """The header and the rows (as strings) of a CSV (UTF-8) or XLSX file (its first sheet), open
    for the ``with`` block and closed after it. A file that is neither is refused
    (:class:`ImportRefused`), also when the fault is found only further down while reading rows."""
    try:
        with ExitStack() as stack:
            if path.suffix.lower() in (".xlsx", ".xlsm"):
                from openpyxl import load_workbook

                # Judged from the zip's directory before openpyxl inflates anything: a 3 MB workbook
                # can inflate to gigabytes (amends.core.limits).
                try:
                    limits.check_xlsx(path)
                except ValidationError as refused:
                    problems = [RowError(0, "file", message) for message in refused.messages]
                    raise ImportRefused(problems) from None
                book = load_workbook(path, read_only=True, data_only=True)
                stack.callback(book.close)
                sheet = book.worksheets[0]
                header = [str(cell or "").strip() for cell in next(sheet.iter_rows(values_only=True), ())]
                # No wider than the header (cells past it are ignored), and no more rows than the cap,
                # counted as they come since a writer may declare none.
                rows = sheet.iter_rows(min_row=2, max_col=max(len(header), 1), values_only=True)
                cap = settings.AMENDS_XLSX_MAX_ROWS

                def cells() -> Iterator[list[str]]:
                    for number, row in enumerate(rows, start=2):
                        if number > cap:
                            raise ImportRefused([RowError(0, "file", limits.rows_refusal())])
                        yield ["" if cell is None else _cell(cell) for cell in row]

                yield header, cells()
            else:
                handle = stack.enter_context(path.open(newline="", encoding="utf-8-sig"))
                reader = csv.reader(handle)
                header = [name.strip() for name in next(reader, [])]
                yield header, reader
    except _UNREADABLE as error:
        message = _("not a UTF-8 CSV or an XLSX workbook: %(error)s") % {"error": error}
        raise ImportRefused([RowError(0, "file", message)]) from None


def _cell(value) -> str:
    if hasattr(value, "date") and hasattr(value, "year"):
        return value.date().isoformat() if hasattr(value, "hour") else value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _validate(kind: str, path: Path, mapping: dict[str, str], model) -> tuple[list[str], list[list]]:
    """The target columns and their checked values, column by column, or :class:`ImportRefused`.

    Every check runs over a whole column, in C where Python has it (``map``, ``set``, ``max``), and
    per distinct value where a value must be parsed (birth dates, amounts); a column that passes its
    quick check is not looked at cell by cell. Only a column that fails is walked, to name each bad
    row. The report is the one a row-by-row check gives: errors in row order, and within a row the
    ref first, then lengths in column order, the birth date, the amount."""
    allowed = COLUMNS[kind]
    with read_table(path) as (header, rows):
        errors: list[RowError] = []
        targets: list[str | None] = []
        for name in header:
            target = mapping.get(name, name)
            if target == "":
                targets.append(None)
            elif target not in allowed:
                errors.append(RowError(0, name, f"unknown column; map it to one of {', '.join(allowed)}"))
                targets.append(None)
            else:
                targets.append(target)
        if "ref" not in targets:
            errors.append(RowError(0, "ref", "the file needs a ref column"))
        if errors:
            raise ImportRefused(errors)
        columns = [target for target in targets if target]
        if len(set(columns)) != len(columns):
            raise ImportRefused([RowError(0, "mapping", "two columns map to the same standard column")])
        positions = [index for index, target in enumerate(targets) if target]
        numbers, cells = _columns(rows, positions, len(header))
    if not numbers:
        raise ImportRefused([RowError(0, "file", "no rows")])
    found = _check(columns, cells, model, existing_refs(model=model, refs=cells[columns.index("ref")]))
    if found:
        # (row index, order within the row, column, message): sorted, the report a row-by-row check gives
        found.sort(key=lambda item: (item[0], item[1]))
        errors = [RowError(numbers[index], column, message) for index, _order, column, message in found]
        raise ImportRefused(errors[:MAX_ERRORS], more=max(0, len(errors) - MAX_ERRORS))
    return columns, cells


def _columns(
    rows: Iterator[list[str]], positions: list[int], width: int
) -> tuple[list[int], list[list[str]]]:
    """The file's row numbers (the header is row 1; rows whose cells are all empty are skipped) and
    the cells of the columns at ``positions``, stripped, one list a column. A row shorter than the
    header has empty cells at its end; cells past the header are ignored."""
    rows = list(rows)
    numbers = [number for number, raw in enumerate(rows, start=2) if any(raw)]
    if len(numbers) != len(rows):
        rows = [rows[number - 2] for number in numbers]
    if rows and not all(len(raw) == width for raw in rows):
        rows = [raw[:width] if len(raw) >= width else [*raw, *[""] * (width - len(raw))] for raw in rows]
    whole = list(zip(*rows, strict=True)) if rows else [()] * width
    del rows
    return numbers, [list(map(str.strip, whole[position])) for position in positions]


def _check(
    columns: list[str], cells: list[list], model, existing: set[str]
) -> list[tuple[int, int, str, str]]:
    """Every bad cell as (row index, order within the row, column, message); good cells are made
    ready for the database in place (birth dates in ISO form, amounts as int or None)."""
    found: list[tuple[int, int, str, str]] = []
    after_lengths = len(columns) + 1
    refs = cells[columns.index("ref")]
    distinct = set(refs)
    if "" in distinct or len(distinct) != len(refs) or existing:
        seen: set[str] = set()
        for index, ref in enumerate(refs):
            if not ref:
                found.append((index, 0, "ref", "missing"))
            elif ref in seen:
                found.append((index, 0, "ref", f"{ref} appears twice in the file"))
            elif ref in existing:
                found.append((index, 0, "ref", f"{ref} is already imported"))
            seen.add(ref)
    for order, (name, column) in enumerate(zip(columns, cells, strict=True), start=1):
        limit = None if name == "amount" else model._meta.get_field(name).max_length
        if limit and max(map(len, column)) > limit:
            message = f"longer than {limit} characters"
            found += [
                (index, order, name, message) for index, value in enumerate(column) if len(value) > limit
            ]
    if "birth_date" in columns:
        at = columns.index("birth_date")
        normal, bad = _birth_dates(set(cells[at]))
        if bad:
            found += [
                (index, after_lengths, "birth_date", f"{value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
                for index, value in enumerate(cells[at])
                if value in bad
            ]
        cells[at] = list(map(normal.__getitem__, cells[at]))
    if "amount" in columns:
        at = columns.index("amount")
        amounts, bad = _amounts(set(cells[at]))
        if bad:
            found += [
                (index, after_lengths + 1, "amount", bad[value])
                for index, value in enumerate(cells[at])
                if value in bad
            ]
        cells[at] = list(map(amounts.__getitem__, cells[at]))
    return found


def _birth_dates(values: set[str]) -> tuple[dict[str, str], set[str]]:
    """Each distinct birth date in ISO form (an empty one stays empty), and those that are not dates
    (:func:`~amends.linkage.facts.parse_birth_date` decides, for the whole import as for matching)."""
    normal: dict[str, str] = {}
    bad: set[str] = set()
    for value in values:
        if not value:
            normal[value] = value
            continue
        try:
            normal[value] = str(parse_birth_date(value))
        except BadBirthDate:
            normal[value] = value
            bad.add(value)
    return normal, bad


def _amounts(values: set[str]) -> tuple[dict[str, int | None], dict[str, str]]:
    """Each distinct amount as whole won (``"20,000,000"`` → 20000000; empty → None), and the message
    for those that are not."""
    amounts: dict[str, int | None] = {}
    bad: dict[str, str] = {}
    for value in values:
        text = value.replace(",", "")
        amounts[value] = None
        if text and not (text.isascii() and text.isdigit()):
            bad[value] = "give a whole number of won"
        elif text and (len(text.lstrip("0")) > len(str(MAX_AMOUNT)) or int(text) > MAX_AMOUNT):
            bad[value] = _("larger than %(max)s won") % {"max": f"{MAX_AMOUNT:,}"}
        elif text:
            amounts[value] = int(text)
    return amounts, bad


def import_file(
    *, kind: str, path: Path, by: User | None, source: str = "", mapping: dict[str, str] | None = None
) -> ImportBatch:
    """Import every row of ``path`` as ``kind`` (roster, applications, payments), or refuse the file.

    Roster rows carry ``source`` (the roster's name, e.g. an archive's collection) beside their own
    archive, roster, page and line columns.
    """
    check_actor(by, CASEWORKER)
    kind = ImportBatch.Kind(kind)
    if kind == ImportBatch.Kind.ROSTER and not source.strip():
        raise ImportRefused([RowError(0, "source", "name the roster's source (--source)")])
    model = MODELS[kind]
    columns, cells = _validate(kind, path, mapping or {}, model)
    count = len(cells[0])
    # The refs were read before the transaction: an import of the same refs committed meanwhile, or
    # a value the database will not take, ends here rather than in a traceback.
    try:
        with transaction.atomic():
            batch = ImportBatch.objects.create(
                kind=kind, source=source.strip(), file_name=path.name, rows=count, imported_by=by
            )
            # Columns a file leaves out are blank (NOT NULL ''), amounts NULL.
            fixed = {"batch_id": batch.pk}
            if kind == ImportBatch.Kind.ROSTER:
                fixed["source_name"] = source.strip()
            blanks = [
                f.column
                for f in model._meta.concrete_fields
                if not f.primary_key
                and f.column not in columns
                and f.column not in fixed
                and not f.null
                and f.get_internal_type() == "CharField"
            ]
            blanks += [
                f.column
                for f in model._meta.concrete_fields
                if f.get_internal_type() == "TextField" and f.column not in columns
            ]
            _insert(model, [*columns, *fixed, *blanks], cells, [*fixed.values(), *([""] * len(blanks))])
            audit_append(
                actor=by,
                action=f"rosters.import_{kind.value}",
                subject=batch,
                after={"file": path.name, "rows": count, "source": batch.source, "columns": columns},
            )
    except (IntegrityError, DataError) as error:
        message = _(
            "the database refused the rows (%(error)s); another import of the same refs may have "
            "finished meanwhile: nothing was written, try the file again"
        ) % {"error": error}
        raise ImportRefused([RowError(0, "file", message)]) from None
    return batch


def _insert(model, names: list[str], cells: list[list], constants: list, *, chunk: int = 20_000) -> None:
    """Insert the rows whose first columns are ``cells`` and whose last ones are ``constants``, in the
    caller's transaction: on PostgreSQL by one ``COPY … (FORMAT csv)`` fed in chunks written by the C
    :mod:`csv` writer (every value quoted but ``None``, which is NULL); elsewhere by ``executemany``."""
    rows = zip(*cells, *map(repeat, constants), strict=False)  # the constants repeat without end
    if connection.vendor != "postgresql":
        bulk_insert(model, names, list(rows))
        return
    table = connection.ops.quote_name(model._meta.db_table)
    quoted = ", ".join(connection.ops.quote_name(name) for name in names)
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_NOTNULL, lineterminator="\n")
    # The raw psycopg cursor: its errors become Django's through wrap_database_errors.
    with (
        connection.cursor() as cursor,
        connection.wrap_database_errors,
        cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN (FORMAT csv)") as copy,
    ):
        while part := list(islice(rows, chunk)):
            writer.writerows(part)
            copy.write(buffer.getvalue())
            buffer.seek(0)
            buffer.truncate()
