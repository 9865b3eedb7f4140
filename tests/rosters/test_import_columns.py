"""The import checks whole columns; it refuses exactly what a check row by row refused, with the same
report, and accepts the same values; and it takes a fixed number of queries whatever the file's size."""

import csv

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.translation import gettext as _
from hypothesis import given, settings
from hypothesis import strategies as st

from amends.rosters import imports
from amends.rosters.imports import (
    COLUMNS,
    DATE_COLUMNS,
    MAX_AMOUNT,
    BadDate,
    ImportRefused,
    RowError,
    import_file,
    read_date,
)
from amends.rosters.models import EarlierPayment, ImportBatch, RosterEntry


@pytest.fixture(autouse=True)
def english():
    """The report's words in English (the default language is Korean)."""
    from django.utils import translation

    with translation.override("en"):
        yield


def row_by_row(columns, raw_rows, model, existing):
    """The importer's checks as they were, one row at a time: the reference the column-wise checks
    must agree with. Returns every error (in report order) and the accepted rows."""
    limits = {name: model._meta.get_field(name).max_length for name in columns if name != "amount"}
    dates = [at for at, name in enumerate(columns) if name in DATE_COLUMNS]
    amount = columns.index("amount") if "amount" in columns else None
    ref_at = columns.index("ref")
    seen, errors, checked = set(), [], []
    for number, raw in enumerate(raw_rows, start=2):
        if not any(raw):
            continue
        values = [raw[index].strip() if index < len(raw) else "" for index in range(len(columns))]
        row_errors = []
        ref = values[ref_at]
        if not ref:
            row_errors.append(RowError(number, "ref", "missing"))
        elif ref in seen:
            row_errors.append(RowError(number, "ref", f"{ref} appears twice in the file"))
        elif ref in existing:
            row_errors.append(
                RowError(
                    number,
                    "ref",
                    f"{ref} is already imported; to correct rows imported before, import the file as an "
                    "update (--update)",
                )
            )
        seen.add(ref)
        for name, value in zip(columns, values, strict=True):
            limit = limits.get(name)
            if limit and len(value) > limit:
                row_errors.append(RowError(number, name, f"longer than {limit} characters"))
        for at in dates:
            try:
                values[at] = read_date(values[at])
            except BadDate as bad:
                row_errors.append(RowError(number, columns[at], bad.message))
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
    return errors, checked


def column_wise(columns, raw_rows, model, existing):
    numbers, cells = imports._columns(iter(raw_rows), list(range(len(columns))), len(columns))
    found = imports._check(columns, cells, model, existing)
    found.sort(key=lambda item: (item[0], item[1]))
    errors = [RowError(numbers[index], column, message) for index, _order, column, message in found]
    bad = {numbers[index] for index, *_rest in found}
    checked = [
        values for number, values in zip(numbers, zip(*cells, strict=True), strict=True) if number not in bad
    ]
    return errors, checked


ROSTER = list(COLUMNS[ImportBatch.Kind.ROSTER])
PAYMENTS = list(COLUMNS[ImportBatch.Kind.PAYMENTS])


def good(name: str, number: int) -> str:
    return {
        "ref": f"R{number}",
        "birth_date": "大正9年3月5日",
        "paid_on": "2008. 5. 1.",
        "amount": "20,000,000",
    }.get(name, f" {name} {number} ")


def a_bad_cell_in_every_column(columns, model):
    """Rows each with one bad cell, in every column (too long; and the ref missing, repeated and already
    imported, birth dates no calendar has, amounts that are not whole won or too large), some rows
    with several, a blank row, a short row and a long one."""
    rows = [[good(name, 1) for name in columns]]
    for at, name in enumerate(columns):
        limit = model._meta.get_field(name).max_length if name != "amount" else None
        if limit:
            row = [good(other, len(rows) + 1) for other in columns]
            row[at] = "가" * (limit + 1)
            rows.append(row)
    for name, values in {
        "ref": ["", "R1", "OLD", "  "],
        "birth_date": ["1920-13", "大正20年", "1920-02-31", "soon", "1920年3月5日", " 1920.3.5 ", "元年"],
        "paid_on": ["2008. 2. 30.", "20080501", "어제"],
        "amount": ["1.5", "-3", "２０", "9223372036854775808", "", "1,000", "9" * 30],
    }.items():
        if name in columns:
            for value in values:
                row = [good(other, len(rows) + 1) for other in columns]
                row[columns.index(name)] = value
                rows.append(row)
    several = ["R1", *("x" * 301 for _ in columns[1:])]
    rows += [several, [""] * len(columns), [f"R{len(rows) + 9}"], [*(good(n, 99) for n in columns), "extra"]]
    return rows


@pytest.mark.parametrize(
    ("columns", "model"), [(ROSTER, RosterEntry), (PAYMENTS, EarlierPayment)], ids=["roster", "payments"]
)
def test_the_column_checks_refuse_exactly_what_the_row_checks_did(columns, model):
    # given a file with a bad cell in every column
    rows = a_bad_cell_in_every_column(columns, model)
    # when it is checked column by column
    errors, checked = column_wise(columns, rows, model, {"OLD"})
    # then the report is the one the row-by-row checks gave, and so are the accepted rows
    expected_errors, expected_rows = row_by_row(columns, rows, model, {"OLD"})
    assert {error.column for error in errors} == set(columns)
    assert [str(error) for error in errors] == [str(error) for error in expected_errors]
    assert checked == expected_rows


cell = st.sampled_from(
    ["", " ", "R1", "R2", "R3", "1920", "1920-3", "1920-13", "昭和3年2月", "x" * 21, "1,0", "a,"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(cell, max_size=4), min_size=1, max_size=12), st.booleans())
def test_any_small_file_gets_the_same_verdict_both_ways(raw_rows, payments):
    columns = ["ref", "paid_on" if payments else "page", "birth_date", "amount" if payments else "line"]
    model = EarlierPayment if payments else RosterEntry
    if not any(any(raw) for raw in raw_rows):
        return
    assert column_wise(columns, raw_rows, model, {"R3"}) == row_by_row(columns, raw_rows, model, {"R3"})


def test_a_refused_file_reports_its_rows_in_order_and_writes_nothing(db, tmp_path):
    path = tmp_path / "roster.csv"
    rows = a_bad_cell_in_every_column(ROSTER, RosterEntry)
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([ROSTER, *rows])
    with pytest.raises(ImportRefused) as refused:
        import_file(kind="roster", path=path, by=None, source="S")
    expected, _rows = row_by_row(ROSTER, rows, RosterEntry, set())
    assert refused.value.report().splitlines()[: len(expected)] == [str(error) for error in expected][:100]
    assert RosterEntry.objects.count() == 0 and ImportBatch.objects.count() == 0


def test_an_import_takes_a_fixed_number_of_queries_whatever_its_size(db, tmp_path):
    counts = []
    for size in (3, 600):
        path = tmp_path / f"roster{size}.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows(
                [["ref", "name_japanese", "birth_date"]]
                + [[f"S{size}-{number}", "金田 正雄", "1920-03"] for number in range(size)]
            )
        with CaptureQueriesContext(connection) as queries:
            batch = import_file(kind="roster", path=path, by=None, source="S")
        assert RosterEntry.objects.filter(batch=batch).count() == size
        counts.append(len(queries))
    assert counts[0] == counts[1]
