"""Imports of rosters, applications and earlier-programme payments from CSV or XLSX: all or nothing.

A file's columns are mapped to the standard ones (``--mapping "Name=name_hangul,Born=birth_date"``, or
a JSON file of the same pairs; a column mapped to nothing is ignored). Every row is checked before
anything is written; one bad cell refuses the whole file with a report naming each row and column.
Accepted rows go in by bulk insert (``executemany`` on SQLite, ``COPY`` on PostgreSQL), with one
:class:`~amends.rosters.models.ImportBatch` and one audit event for the file, in one transaction.
"""

import csv
import json
import zipfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth.base_user import AbstractBaseUser as User
from django.db import DataError, IntegrityError, transaction
from django.utils.translation import gettext as _
from openpyxl.utils.exceptions import InvalidFileException

from amends.audit.services import audit_append
from amends.core.bulk import bulk_insert
from amends.core.roles import CASEWORKER, check_actor
from amends.linkage.facts import BadBirthDate, parse_birth_date
from amends.rosters.models import Application, EarlierPayment, ImportBatch, RosterEntry

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

                book = load_workbook(path, read_only=True, data_only=True)
                stack.callback(book.close)
                rows = book.worksheets[0].iter_rows(values_only=True)
                header = [str(cell or "").strip() for cell in next(rows, ())]

                def cells() -> Iterator[list[str]]:
                    for row in rows:
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


def _validate(
    kind: str, path: Path, mapping: dict[str, str], existing: set[str]
) -> tuple[list[str], list[tuple]]:
    """The target columns and the checked rows, or :class:`ImportRefused`."""
    allowed = COLUMNS[kind]
    model = MODELS[kind]
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
        limits = {name: model._meta.get_field(name).max_length for name in columns if name != "amount"}
        birth = columns.index("birth_date") if "birth_date" in columns else None
        amount = columns.index("amount") if "amount" in columns else None
        ref_at = columns.index("ref")
        seen: set[str] = set()
        checked: list[tuple] = []
        count = 0
        for number, raw in enumerate(rows, start=2):
            if not any(raw):
                continue
            values = [raw[index].strip() if index < len(raw) else "" for index in positions]
            row_errors = []
            ref = values[ref_at]
            if not ref:
                row_errors.append(RowError(number, "ref", "missing"))
            elif ref in seen:
                row_errors.append(RowError(number, "ref", f"{ref} appears twice in the file"))
            elif ref in existing:
                row_errors.append(RowError(number, "ref", f"{ref} is already imported"))
            seen.add(ref)
            for name, value in zip(columns, values, strict=True):
                limit = limits.get(name)
                if limit and len(value) > limit:
                    row_errors.append(RowError(number, name, f"longer than {limit} characters"))
            if birth is not None and values[birth]:
                try:
                    values[birth] = str(parse_birth_date(values[birth]))
                except BadBirthDate:
                    row_errors.append(
                        RowError(
                            number, "birth_date", f"{values[birth]!r} is not YYYY, YYYY-MM or YYYY-MM-DD"
                        )
                    )
            if amount is not None:
                text = values[amount].replace(",", "")
                if text and not (text.isascii() and text.isdigit()):
                    row_errors.append(RowError(number, "amount", "give a whole number of won"))
                elif text and int(text) > MAX_AMOUNT:
                    row_errors.append(
                        RowError(number, "amount", _("larger than %(max)s won") % {"max": f"{MAX_AMOUNT:,}"})
                    )
                values[amount] = int(text) if text and not row_errors else None
            if row_errors:
                errors.extend(row_errors)
            else:
                checked.append(tuple(values))
            count += 1
    if errors:
        raise ImportRefused(errors[:MAX_ERRORS], more=max(0, len(errors) - MAX_ERRORS))
    if not count:
        raise ImportRefused([RowError(0, "file", "no rows")])
    return columns, checked


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
    existing = set(model.objects.values_list("ref", flat=True).iterator(chunk_size=100_000))
    columns, rows = _validate(kind, path, mapping or {}, existing)
    # The refs were read before the transaction: an import of the same refs committed meanwhile, or
    # a value the database will not take, ends here rather than in a traceback.
    try:
        with transaction.atomic():
            batch = ImportBatch.objects.create(
                kind=kind, source=source.strip(), file_name=path.name, rows=len(rows), imported_by=by
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
            all_columns = [*columns, *fixed, *blanks]
            tail = (*fixed.values(), *([""] * len(blanks)))
            bulk_insert(model, all_columns, [row + tail for row in rows])
            audit_append(
                actor=by,
                action=f"rosters.import_{kind.value}",
                subject=batch,
                after={"file": path.name, "rows": len(rows), "source": batch.source, "columns": columns},
            )
    except (IntegrityError, DataError) as error:
        message = _(
            "the database refused the rows (%(error)s); another import of the same refs may have "
            "finished meanwhile: nothing was written, try the file again"
        ) % {"error": error}
        raise ImportRefused([RowError(0, "file", message)]) from None
    return batch
