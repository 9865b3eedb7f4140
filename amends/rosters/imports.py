"""Imports of rosters, applications and earlier-programme payments from CSV or XLSX: all or nothing.

A file's columns are mapped to the standard ones (``--mapping "Name=name_hangul,Born=birth_date"``, or
a JSON file of the same pairs; a column mapped to nothing is ignored). Every row is checked before
anything is written; one bad cell refuses the whole file with a report naming each row and column, in
the reader's language. Accepted rows go in by bulk insert (``executemany`` on SQLite, ``COPY`` on
PostgreSQL), with one :class:`~amends.rosters.models.ImportBatch` and one audit event for the file, in
one transaction.

What a records office's files look like (issue 16):

- a CSV is UTF-8 (a byte-order mark is fine) or, as Korean Excel saves it, CP949 (EUC-KR's superset):
  the encoding is detected and named in the import's report; any other is refused with what to do;
- the header may sit below title rows (``header_row``);
- dates are read in the styles Korean records use (:func:`read_date`, the one reader for every date
  column): ``1921-03-05``, ``1921. 3. 5.``, ``1921.3.5``, ``19210305``, ``1921년 3월 5일``, Japanese
  era years, Excel serial days; a day no calendar has is reported as impossible;
- a corrected file updates the rows it imported before (``update``: matched by ref; rows not imported
  before are added), with each changed row's before and after in the audit event.

:func:`import_job_create` and :func:`import_job_execute` run an import uploaded on the page as a
background task (``amends db_worker``), as linkage runs do.
"""

import codecs
import csv
import io
import json
import logging
import os
import re
import socket
import tempfile
import uuid
import zipfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from itertools import islice, repeat
from pathlib import Path

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser as User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DataError, IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl.utils.exceptions import InvalidFileException

from amends.audit.services import audit_append
from amends.core import limits
from amends.core.bulk import bulk_insert
from amends.core.roles import CASEWORKER, check_actor, require_role
from amends.linkage.facts import BadBirthDate, BirthDate, parse_birth_date
from amends.rosters.models import Application, EarlierPayment, ImportBatch, ImportJob, RosterEntry
from amends.rosters.selectors import existing_refs

logger = logging.getLogger(__name__)

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
DATE_COLUMNS = ("birth_date", "paid_on")
MAX_ERRORS = 100
MAX_AMOUNT = 2**63 - 1  # the largest BigIntegerField
# What reading a file that is neither a CSV nor an XLSX workbook raises.
_UNREADABLE = (csv.Error, zipfile.BadZipFile, InvalidFileException)
# How much of a CSV that is not UTF-8 the encoding is judged from.
_SAMPLE = 1_048_576


@dataclass
class RowError:
    row: int  # the file's row number, the header being row 1
    column: str
    message: str

    def __str__(self) -> str:
        if not self.row:
            return f"{self.column}: {self.message}"
        return _("row %(row)s, %(column)s: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


@dataclass
class ImportRefused(Exception):
    """The file was refused and nothing was written; ``errors`` says why, row by row."""

    errors: list[RowError] = field(default_factory=list)
    more: int = 0

    def report(self) -> str:
        lines = [str(error) for error in self.errors]
        if self.more:
            lines.append(_("… and %(count)s more") % {"count": self.more})
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
            raise ImportRefused(
                [
                    RowError(
                        0, "mapping", _('the JSON file must hold an object: {"File column": "name_hangul"}')
                    )
                ]
            )
        return {str(key): str(value or "") for key, value in mapping.items()}
    return mapping_pairs(text)


def mapping_pairs(text: str) -> dict[str, str]:
    """``"File column=standard,Other="`` as a dict; the upload page's form of the mapping (it reads no
    file on the server)."""
    mapping = {}
    for pair in filter(str.strip, text.split(",")):
        if "=" not in pair:
            message = _(
                '%(pair)s is not COLUMN=STANDARD: write the mapping as "File column=standard column", '
                'pairs separated by commas, e.g. "성명=name_hangul,생년월일=birth_date,비고="'
                " (a column mapped to nothing is ignored)"
            ) % {"pair": repr(pair)}
            raise ImportRefused([RowError(0, "mapping", message)])
        column, standard = pair.split("=", 1)
        mapping[column.strip()] = standard.strip()
    return mapping


# -- Dates ---------------------------------------------------------------------------------------------

# 1921-03-05, 1921.3.5, 1921. 3. 5., 1921/3/5, 1921. 3. (a trailing dot is how Korean writes dates)
_DOTTED = re.compile(r"(\d{4})\s*[-./]\s*(\d{1,2})(?:\s*[-./]\s*(\d{1,2}))?\s*\.?")
# 1921년 3월 5일, 1921年3月5日, 1921년 3월, 1921년
_WRITTEN = re.compile(r"(\d{4})\s*[年년](?:\s*(\d{1,2})\s*[月월](?:\s*(\d{1,2})\s*[日일]?)?)?\.?")
_ERA_NAMES = ("明治", "大正", "昭和", "메이지", "다이쇼", "쇼와")
# Rosters give years: a whole number in this range is one. A larger one (of at most five digits) is an
# Excel serial day, as a date column formatted "General" holds it (2101 is 1905-10-01, 99999 2173).
_YEARS = range(1800, 2101)


class BadDate(ValueError):
    """A date cell that is not a date (``message`` says how to write one) or is impossible."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def read_date(text: str) -> str:
    """A date cell of a roster, an application or an earlier payment, in ISO form to the precision it
    was given (``1921``, ``1921-03``, ``1921-03-05``); empty stays empty. The one reader of dates for
    imports: ``1921-03-05``, ``1921. 3. 5.``, ``1921.3.5``, ``19210305``, ``1921년 3월 5일`` (or
    年月日), Japanese era years (大正10年3月5日), a year alone, and Excel serial days (7735 is
    1921-03-05). Raises :class:`BadDate` with the reason in the reader's language: not a date, or an
    impossible one (1921. 2. 30.)."""
    text = text.strip()
    if not text:
        return ""
    if text.isascii() and text.isdigit():
        number = int(text)
        if len(text) == 8:
            return _day(text, int(text[:4]), int(text[4:6]), int(text[6:]))
        if len(text) == 4 and number in _YEARS:
            return str(number)
        if number >= _YEARS.stop and len(text) <= 5:
            from openpyxl.utils.datetime import from_excel

            return from_excel(number).date().isoformat()
        raise BadDate(_not_a_date(text))
    match = _DOTTED.fullmatch(text) or _WRITTEN.fullmatch(text)
    if match:
        year, month, day = (int(part) if part else None for part in match.groups())
        return _day(text, year, month, day)
    # An era date, or an age at the roster's date (``24歳 (昭和19年)``, ``1944年 24歳``, ``24세 (1944)``),
    # which the linkage's reader turns into a birth year.
    if text.startswith(_ERA_NAMES) or any(mark in text for mark in "歳才세살"):
        try:
            return str(parse_birth_date(text))
        except BadBirthDate:
            raise BadDate(
                _("%(value)s is impossible: that era has no such year, or the year no such day")
                % {"value": repr(text)}
            ) from None
    raise BadDate(_not_a_date(text))


def _not_a_date(text: str) -> str:
    return _(
        "%(value)s is not a date: write it as 1921-03-05, 1921. 3. 5., 19210305, 1921년 3월 5일, "
        "1921-03 or 1921"
    ) % {"value": repr(text)}


def _day(text: str, year: int, month: int | None, day: int | None) -> str:
    """``year-month-day`` in ISO form (to the precision given), or :class:`BadDate` saying why no
    calendar has it."""
    from calendar import monthrange

    value = repr(text)
    if year not in _YEARS:
        raise BadDate(
            _("%(value)s: the year %(year)s is not between 1800 and 2100") % {"value": value, "year": year}
        )
    if month is not None and not 1 <= month <= 12:
        raise BadDate(
            _("%(value)s is impossible: there is no month %(month)s") % {"value": value, "month": month}
        )
    if day is not None and not 1 <= day <= monthrange(year, month)[1]:
        raise BadDate(
            _("%(value)s is impossible: %(month)s has no day %(day)s")
            % {"value": value, "month": f"{year:04d}-{month:02d}", "day": day}
        )
    return str(BirthDate(year, month, day))


# -- Reading a file ------------------------------------------------------------------------------------


def encoding_refusal(looks_like: str | None = None) -> str:
    """What to do with a CSV that is neither UTF-8 nor CP949, in the reader's language."""
    looks = _(" (it looks like %(encoding)s)") % {"encoding": looks_like} if looks_like else ""
    return _(
        "the file is neither UTF-8 nor Korean CP949/EUC-KR%(looks)s. In Excel choose File › Save As › "
        '"CSV UTF-8 (comma delimited)", or save it as an Excel workbook (.xlsx), and import that file.'
    ) % {"looks": looks}


def csv_encoding(path: Path) -> str:
    """The encoding to read the CSV at ``path`` with: ``utf-8-sig`` when the whole file is UTF-8 (with
    or without a byte-order mark), ``cp949`` when it is Korean (Korean Excel saves CSV in CP949, a
    superset of EUC-KR); anything else is refused (:class:`ImportRefused`) with what to do.

    UTF-8 is checked by decoding the file strictly, chunk by chunk (a file either is UTF-8 or is not).
    A file that is not is judged by charset-normalizer among the East Asian legacy encodings, on its
    first megabyte: Korean CP949 and Japanese Shift_JIS (in which Japanese archives' rosters come) can
    both decode the same bytes, and only a judgement of what the text reads like tells them apart. The
    file is then read strictly as CP949: a byte further on that is not refuses it."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as handle:
        try:
            while chunk := handle.read(_SAMPLE):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
            return "utf-8-sig"
        except UnicodeDecodeError:
            handle.seek(0)
            sample = handle.read(_SAMPLE)
    from charset_normalizer import from_bytes

    if len(sample) == _SAMPLE and b"\n" in sample:
        sample = sample[: sample.rindex(b"\n") + 1]  # not a character cut in two
    best = from_bytes(sample, cp_isolation=["cp949", "cp932", "euc_jp", "big5", "gb18030"]).best()
    if best is not None and best.encoding in ("cp949", "euc_kr"):
        return "cp949"
    names = {"cp932": "Japanese Shift_JIS", "euc_jp": "Japanese EUC-JP", "big5": "Chinese Big5"}
    looks = names.get(best.encoding, "Chinese GB18030") if best is not None else None
    raise ImportRefused([RowError(0, "file", encoding_refusal(looks))])


@dataclass
class Table:
    """A file's header and its rows (as strings), the file's number of the first row, and the
    encoding a CSV was read in (empty for a workbook)."""

    header: list[str]
    rows: Iterator[list[str]]
    first: int
    encoding: str = ""


@contextmanager
def read_table(path: Path, *, header_row: int = 1) -> Iterator[Table]:
    """The header (on row ``header_row``: rows above it are titles) and the rows after it of a CSV
    (UTF-8 or CP949, :func:`csv_encoding`) or XLSX file (its first sheet), open for the ``with`` block
    and closed after it. A file that is neither is refused (:class:`ImportRefused`), also when the
    fault is found only further down while reading rows."""
    if header_row < 1:
        raise ImportRefused([RowError(0, "header_row", _("give the header's row number, 1 or more"))])
    encoding = ""
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
                top = sheet.iter_rows(min_row=header_row, max_row=header_row, values_only=True)
                header = [str(cell or "").strip() for cell in next(top, ())]
                # No wider than the header (cells past it are ignored), and no more rows than the cap,
                # counted as they come since a writer may declare none.
                rows = sheet.iter_rows(min_row=header_row + 1, max_col=max(len(header), 1), values_only=True)
                cap = settings.AMENDS_XLSX_MAX_ROWS

                def cells() -> Iterator[list[str]]:
                    for number, row in enumerate(rows, start=header_row + 1):
                        if number > cap:
                            raise ImportRefused([RowError(0, "file", limits.rows_refusal())])
                        yield ["" if cell is None else _cell(cell) for cell in row]

                yield Table(header, cells(), header_row + 1)
            else:
                encoding = csv_encoding(path)
                handle = stack.enter_context(path.open(newline="", encoding=encoding))
                reader = csv.reader(handle)
                for _title in range(header_row - 1):
                    next(reader, None)
                header = [name.strip() for name in next(reader, [])]
                yield Table(header, reader, header_row + 1, "utf-8" if encoding == "utf-8-sig" else encoding)
    except UnicodeDecodeError:
        raise ImportRefused([RowError(0, "file", encoding_refusal())]) from None
    except _UNREADABLE as error:
        message = _("not a CSV file or an XLSX workbook: %(error)s") % {"error": error}
        raise ImportRefused([RowError(0, "file", message)]) from None


def _cell(value) -> str:
    if hasattr(value, "date") and hasattr(value, "year"):
        return value.date().isoformat() if hasattr(value, "hour") else value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


@dataclass
class Checked:
    """A file that passed every check: its target columns, their values column by column (ready for
    the database), the file's row numbers, and how a CSV was read."""

    columns: list[str]
    cells: list[list]
    numbers: list[int]
    encoding: str


def _validate(
    kind: str,
    path: Path,
    mapping: dict[str, str],
    model,
    *,
    header_row: int = 1,
    update: bool = False,
    progress: Callable[[str, int], None] | None = None,
) -> Checked:
    """The target columns and their checked values, column by column, or :class:`ImportRefused`.

    Every check runs over a whole column, in C where Python has it (``map``, ``set``, ``max``), and
    per distinct value where a value must be parsed (dates, amounts); a column that passes its
    quick check is not looked at cell by cell. Only a column that fails is walked, to name each bad
    row. The report is the one a row-by-row check gives: errors in row order, and within a row the
    ref first, then lengths in column order, the dates, the amount. With ``update``, a ref imported
    before is not an error: its row is updated."""
    allowed = COLUMNS[kind]
    with read_table(path, header_row=header_row) as table:
        errors: list[RowError] = []
        targets: list[str | None] = []
        for name in table.header:
            target = mapping.get(name, name)
            if target == "":
                targets.append(None)
            elif target not in allowed:
                message = _(
                    'unknown column: map it to a standard column as "%(column)s=STANDARD" (one of '
                    '%(columns)s), or as "%(column)s=" to leave it out'
                ) % {"column": name, "columns": ", ".join(allowed)}
                errors.append(RowError(0, name, message))
                targets.append(None)
            else:
                targets.append(target)
        if "ref" not in targets:
            message = _(
                "the file needs a ref column (the row's own reference): name it ref, or map the file's "
                'column to it, e.g. "번호=ref"; the header is read from row %(row)s'
            ) % {"row": header_row}
            errors.append(RowError(0, "ref", message))
        if errors:
            raise ImportRefused(errors)
        columns = [target for target in targets if target]
        if len(set(columns)) != len(columns):
            twice = sorted({column for column in columns if columns.count(column) > 1})
            message = _("two columns map to the same standard column (%(columns)s)") % {
                "columns": ", ".join(twice)
            }
            raise ImportRefused([RowError(0, "mapping", message)])
        positions = [index for index, target in enumerate(targets) if target]
        numbers, cells = _columns(table.rows, positions, len(table.header), first=table.first)
    if progress is not None:
        progress("checking", 40)
    if not numbers:
        raise ImportRefused([RowError(0, "file", _("no rows"))])
    existing = set() if update else existing_refs(model=model, refs=cells[columns.index("ref")])
    found = _check(columns, cells, model, existing)
    if found:
        # (row index, order within the row, column, message): sorted, the report a row-by-row check gives
        found.sort(key=lambda item: (item[0], item[1]))
        errors = [RowError(numbers[index], column, message) for index, _order, column, message in found]
        raise ImportRefused(errors[:MAX_ERRORS], more=max(0, len(errors) - MAX_ERRORS))
    return Checked(columns, cells, numbers, table.encoding)


def _columns(
    rows: Iterator[list[str]], positions: list[int], width: int, *, first: int = 2
) -> tuple[list[int], list[list[str]]]:
    """The file's row numbers (the first row after the header is ``first``; rows whose cells are all
    empty are skipped) and the cells of the columns at ``positions``, stripped, one list a column. A
    row shorter than the header has empty cells at its end; cells past the header are ignored."""
    rows = list(rows)
    numbers = [number for number, raw in enumerate(rows, start=first) if any(raw)]
    if len(numbers) != len(rows):
        rows = [rows[number - first] for number in numbers]
    if rows and not all(len(raw) == width for raw in rows):
        rows = [raw[:width] if len(raw) >= width else [*raw, *[""] * (width - len(raw))] for raw in rows]
    whole = list(zip(*rows, strict=True)) if rows else [()] * width
    del rows
    return numbers, [list(map(str.strip, whole[position])) for position in positions]


def _check(
    columns: list[str], cells: list[list], model, existing: set[str]
) -> list[tuple[int, int, str, str]]:
    """Every bad cell as (row index, order within the row, column, message); good cells are made
    ready for the database in place (dates in ISO form, amounts as int or None)."""
    found: list[tuple[int, int, str, str]] = []
    after_lengths = len(columns) + 1
    refs = cells[columns.index("ref")]
    distinct = set(refs)
    if "" in distinct or len(distinct) != len(refs) or existing:
        seen: set[str] = set()
        for index, ref in enumerate(refs):
            if not ref:
                found.append((index, 0, "ref", _("missing")))
            elif ref in seen:
                found.append((index, 0, "ref", _("%(ref)s appears twice in the file") % {"ref": ref}))
            elif ref in existing:
                message = _(
                    "%(ref)s is already imported; to correct rows imported before, import the file as "
                    "an update (--update)"
                ) % {"ref": ref}
                found.append((index, 0, "ref", message))
            seen.add(ref)
    for order, (name, column) in enumerate(zip(columns, cells, strict=True), start=1):
        limit = None if name == "amount" else model._meta.get_field(name).max_length
        if limit and max(map(len, column)) > limit:
            message = _("longer than %(limit)s characters") % {"limit": limit}
            found += [
                (index, order, name, message) for index, value in enumerate(column) if len(value) > limit
            ]
    for at, name in enumerate(columns):
        if name in DATE_COLUMNS:
            normal, bad = _dates(set(cells[at]))
            if bad:
                found += [
                    (index, after_lengths, name, bad[value])
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


def _dates(values: set[str]) -> tuple[dict[str, str], dict[str, str]]:
    """Each distinct date in ISO form (:func:`read_date`; an empty one stays empty), and the message
    for those that are not dates or are impossible."""
    normal: dict[str, str] = {}
    bad: dict[str, str] = {}
    for value in values:
        try:
            normal[value] = read_date(value)
        except BadDate as refused:
            normal[value] = value
            bad[value] = refused.message
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
            bad[value] = _("give a whole number of won")
        elif text and (len(text.lstrip("0")) > len(str(MAX_AMOUNT)) or int(text) > MAX_AMOUNT):
            bad[value] = _("larger than %(max)s won") % {"max": f"{MAX_AMOUNT:,}"}
        elif text:
            amounts[value] = int(text)
    return amounts, bad


def import_file(
    *,
    kind: str,
    path: Path,
    by: User | None,
    source: str = "",
    mapping: dict[str, str] | None = None,
    header_row: int = 1,
    update: bool = False,
    progress: Callable[[str, int], None] | None = None,
) -> ImportBatch:
    """Import every row of ``path`` as ``kind`` (roster, applications, payments), or refuse the file.

    Roster rows carry ``source`` (the roster's name, e.g. an archive's collection) beside their own
    archive, roster, page and line columns. ``header_row`` is the row the column names are on (title
    rows above it are skipped). With ``update``, a row whose ref was imported before (as this kind;
    for a roster, of the same source) replaces that row's values in the file's columns, the others
    being added; the audit event keeps each changed row's values before and after. ``progress`` is
    told each step (``"reading"``, ``"checking"``, ``"writing"``) and how far the import is (%).
    """
    check_actor(by, CASEWORKER)
    kind = ImportBatch.Kind(kind)
    if kind == ImportBatch.Kind.ROSTER and not source.strip():
        raise ImportRefused([RowError(0, "source", _("name the roster's source (--source)"))])
    tell = progress or (lambda step, percent: None)
    model = MODELS[kind]
    tell("reading", 10)
    checked = _validate(
        kind, path, mapping or {}, model, header_row=header_row, update=update, progress=progress
    )
    columns, cells = checked.columns, checked.cells
    count = len(cells[0])
    tell("writing", 70)
    # The refs were read before the transaction: an import of the same refs committed meanwhile, or
    # a value the database will not take, ends here rather than in a traceback.
    try:
        with transaction.atomic():
            batch = ImportBatch.objects.create(
                kind=kind,
                source=source.strip(),
                file_name=path.name,
                rows=count,
                imported_by=by,
                encoding=checked.encoding,
                update=update,
            )
            changes: dict[str, dict] = {}
            new = list(range(count))
            if update:
                new, changes = _update(
                    model, checked, source.strip() if kind == ImportBatch.Kind.ROSTER else None
                )
            if new:
                _add(model, kind, batch, columns, cells if len(new) == count else _subset(cells, new), source)
            batch.added, batch.updated = len(new), len(changes)
            batch.save(update_fields=["added", "updated"])
            after = {
                "file": path.name,
                "rows": count,
                "source": batch.source,
                "columns": columns,
                "encoding": checked.encoding,
                "header_row": header_row,
            }
            if update:
                after |= {"update": True, "added": len(new), "updated": len(changes), "changes": changes}
            audit_append(actor=by, action=f"rosters.import_{kind.value}", subject=batch, after=after)
    except (IntegrityError, DataError) as error:
        message = _(
            "the database refused the rows (%(error)s); another import of the same refs may have "
            "finished meanwhile: nothing was written, try the file again"
        ) % {"error": error}
        raise ImportRefused([RowError(0, "file", message)]) from None
    tell("done", 100)
    return batch


def _subset(cells: list[list], indexes: list[int]) -> list[list]:
    return [[column[index] for index in indexes] for column in cells]


def _add(model, kind: str, batch: ImportBatch, columns: list[str], cells: list[list], source: str) -> None:
    """Insert the rows in ``cells``; columns a file leaves out are blank (NOT NULL ''), amounts NULL."""
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


def _update(model, checked: Checked, roster_source: str | None) -> tuple[list[int], dict[str, dict]]:
    """In the caller's transaction: lock the rows imported before under the file's refs and set the
    file's columns on those that differ. Returns the indexes of the rows not imported before (to be
    added) and, by ref, each changed row's ``before`` and ``after`` (the changed columns only). A
    roster entry imported under another source is not this roster's: the file is refused."""
    columns, cells = checked.columns, checked.cells
    refs = cells[columns.index("ref")]
    fields = [name for name in columns if name != "ref"]
    wanted = ["pk", "ref", *fields] + (["source_name"] if roster_source is not None else [])
    current: dict[str, dict] = {}
    for start in range(0, len(refs), 5_000):
        rows = model.objects.select_for_update().filter(ref__in=refs[start : start + 5_000]).values(*wanted)
        current.update((row["ref"], row) for row in rows)
    errors = []
    if roster_source is not None:
        for index, ref in enumerate(refs):
            if ref in current and current[ref]["source_name"] != roster_source:
                message = _(
                    "%(ref)s was imported from the roster %(source)s, not %(this)s: it is not this "
                    "roster's to update"
                ) % {"ref": ref, "source": current[ref]["source_name"], "this": roster_source}
                errors.append(RowError(checked.numbers[index], "ref", message))
    if errors:
        raise ImportRefused(errors[:MAX_ERRORS], more=max(0, len(errors) - MAX_ERRORS))
    new: list[int] = []
    changes: dict[str, dict] = {}
    changed = []
    positions = [columns.index(name) for name in fields]
    for index, ref in enumerate(refs):
        old = current.get(ref)
        if old is None:
            new.append(index)
            continue
        values = {name: cells[at][index] for name, at in zip(fields, positions, strict=True)}
        differ = [name for name in fields if old[name] != values[name]]
        if differ:
            changes[ref] = {
                "before": {name: old[name] for name in differ},
                "after": {name: values[name] for name in differ},
            }
            changed.append(model(pk=old["pk"], **values))
    if changed and fields:
        model.objects.bulk_update(changed, fields, batch_size=1_000)
    return new, changes


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


# -- Imports uploaded on the page, done by the background worker ---------------------------------------

UPLOAD_SUFFIXES = (".csv", ".xlsx", ".xlsm")


def import_job_create(
    *,
    kind: str,
    file_name: str,
    content: bytes,
    by: User,
    source: str = "",
    mapping: str = "",
    header_row: object = 1,
    update: bool = False,
) -> ImportJob:
    """Queue the import of an uploaded file for the background worker (``amends db_worker``), after
    checking what can be checked before reading it: the kind, a roster's source, the mapping's syntax,
    the header's row, the file's type. The file waits in the job's row (so that the worker may run on
    another machine) until the job ends. Refusals are :class:`ValidationError` naming the field."""
    require_role(by, CASEWORKER)
    if kind not in ImportBatch.Kind.values:
        raise ValidationError({"kind": _("Choose what the file holds: a roster, applications or payments.")})
    if kind == ImportBatch.Kind.ROSTER and not source.strip():
        raise ValidationError({"source": _("Name the roster's source, e.g. the archive's collection.")})
    try:
        pairs = mapping_pairs(mapping)
    except ImportRefused as refused:
        raise ValidationError({"mapping": [error.message for error in refused.errors]}) from None
    try:
        row = int(str(header_row).strip() or "1")
    except ValueError:
        row = 0
    if row < 1:
        raise ValidationError({"header_row": _("Give the header's row number, 1 or more.")})
    name = Path(file_name).name.strip()
    if Path(name).suffix.lower() not in UPLOAD_SUFFIXES:
        raise ValidationError({"file": _("Upload a CSV file or an Excel workbook (.csv, .xlsx).")})
    if not content:
        raise ValidationError({"file": _("The file is empty.")})
    from amends.rosters.tasks import run_import

    with transaction.atomic():
        job = ImportJob.objects.create(
            kind=kind,
            source=source.strip(),
            file_name=name[:300],
            content=content,
            mapping=pairs,
            header_row=row,
            update=update,
            language=translation.get_language() or settings.LANGUAGE_CODE,
            created_by=by,
        )
        transaction.on_commit(lambda: run_import.enqueue(job.pk))
    return job


def import_job_execute(*, job: ImportJob) -> ImportJob:
    """Do a queued import job: the import, in the name of who uploaded it, its refusal's report in
    their language. Ends ``done``, ``refused`` (nothing written; the report says why, row by row) or
    ``failed`` (an unexpected error, logged); never raises. The file is dropped from the job's row
    when it ends. A job that is not queued is returned as it is: a task delivered twice imports once."""
    worker = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
    taken = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.QUEUED).update(
        status=ImportJob.Status.RUNNING, progress=5, step="reading", worker=worker, **_lease()
    )
    job.refresh_from_db()
    if not taken:
        return job

    def progress(step: str, percent: int) -> None:
        # Each step renews the lease (the steps between two are bounded by the upload's size limit).
        ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.RUNNING, worker=worker).update(
            step=step, progress=percent, **_lease()
        )

    with (
        translation.override(job.language or settings.LANGUAGE_CODE),
        tempfile.TemporaryDirectory() as folder,
    ):
        path = Path(folder) / job.file_name
        path.write_bytes(bytes(job.content))
        try:
            batch = import_file(
                kind=job.kind,
                path=path,
                by=job.created_by,
                source=job.source,
                mapping=job.mapping,
                header_row=job.header_row,
                update=job.update,
                progress=progress,
            )
        except ImportRefused as refused:
            job.status, job.report = ImportJob.Status.REFUSED, refused.report()
        except PermissionDenied as refused:  # the uploader lost the caseworker role meanwhile
            job.status, job.report = ImportJob.Status.REFUSED, str(refused)
        except Exception as error:
            logger.exception("import job %s failed", job.pk)
            job.status = ImportJob.Status.FAILED
            job.report = _(
                "The import stopped on an unexpected error (%(kind)s); nothing was imported. The details "
                "are in the server log: try again, and if it stops again, report the import's number."
            ) % {"kind": type(error).__name__}
        else:
            job.status, job.batch, job.progress = ImportJob.Status.DONE, batch, 100
            job.summary = {
                "rows": batch.rows,
                "added": batch.added,
                "updated": batch.updated,
                "encoding": batch.encoding,
            }
    # Saved even if the job was reclaimed meanwhile (a step that outlasted its lease): what the import
    # did is what the page must say.
    job.content, job.step, job.finished_at, job.lease_expires_at = b"", "", timezone.now(), None
    job.save()
    return job


def _lease() -> dict:
    return {"lease_expires_at": timezone.now() + timedelta(seconds=settings.IMPORT_LEASE_SECONDS)}


def import_jobs_reclaim() -> list[ImportJob]:
    """Fail each running import whose worker's lease has run out (the worker was killed, or its machine
    lost), saying so in the uploader's language, and drop its file. An import is all or nothing, so a
    worker that stopped wrote nothing: the file is to be uploaded again. Called whenever someone looks
    (the upload page, an import's page), so that no dead worker leaves an import "running" for ever."""
    stale = Q(status=ImportJob.Status.RUNNING) & (
        Q(lease_expires_at__lt=timezone.now()) | Q(lease_expires_at=None)
    )
    if not ImportJob.objects.filter(stale).exists():
        return []
    reclaimed = []
    with transaction.atomic():
        for job in ImportJob.objects.select_for_update().filter(stale):
            with translation.override(job.language or settings.LANGUAGE_CODE):
                steps = {
                    "reading": _("reading the file"),
                    "checking": _("checking every row"),
                    "writing": _("writing the rows"),
                }
                job.report = _(
                    "The worker stopped answering while %(step)s and did not finish the import; nothing "
                    "was imported. Upload the file again."
                ) % {"step": steps.get(job.step, job.step or "-")}
            job.status, job.content, job.finished_at = ImportJob.Status.FAILED, b"", timezone.now()
            job.save(update_fields=["status", "report", "content", "finished_at"])
            audit_append(
                actor=None,
                action="import.job_fail",
                subject=job,
                after={"job": job.pk, "file": job.file_name, "step": job.step, "worker": job.worker},
            )
            reclaimed.append(job)
    return reclaimed
