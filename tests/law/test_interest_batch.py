"""The array engine gives, debt for debt, exactly what the scalar engine gives."""

import json
from datetime import date, timedelta
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from amends.law.interest import Accrual, Payment, delay_damages
from amends.law.interest_batch import PIECE_DAYS, DebtTable, delay_damages_many, pieces_many
from amends.law.interest_json import parse
from amends.law.money import Rounding
from tests.conftest import data_file
from tests.law.strategies import debts


def totals(result):
    return (
        result.interest,
        result.paid,
        result.overpaid,
        result.principal_outstanding,
        result.interest_outstanding,
    )


def assert_agree(batch, rounding):
    table = DebtTable.from_debts(batch)
    arrays = delay_damages_many(table, rounding=rounding)
    for row, debt in enumerate(batch):
        scalar = delay_damages(**(debt | {"rounding": rounding}))
        assert tuple(int(column[row]) for column in totals(arrays)) == totals(scalar), debt


@settings(max_examples=150)
@given(st.lists(debts(), min_size=1, max_size=12), st.sampled_from(list(Rounding)))
def test_agrees_with_the_scalar_engine(batch, rounding):
    assert_agree(batch, rounding)


def test_worked_examples():
    examples = json.loads(data_file("interest_examples.json").read_text())
    for example in examples:
        debt = parse(example["input"])
        result = delay_damages_many(DebtTable.from_debts([debt]), rounding=debt["rounding"])
        assert int(result.interest[0]) == example["expect"]["interest"], example["name"]
        assert int(result.outstanding[0]) == example["expect"]["outstanding"], example["name"]


def test_nippon_steel():
    debt = {
        "principal": 100_000_000,
        "accruals": [Accrual(date(2013, 6, 19), Fraction("0.20"))],
        "until": date(2018, 11, 1),
    }
    assert int(delay_damages_many(DebtTable.from_debts([debt])).interest[0]) == 107_452_054
    half_up = delay_damages_many(DebtTable.from_debts([debt]), rounding=Rounding.HALF_UP)
    assert int(half_up.interest[0]) == 107_452_055


def test_from_29_february_the_partial_years_n_is_counted_from_the_lines_start():
    # docs/law.md §2.3: from 2016-02-29 the 8th year is 2023-03-01 .. 2024-02-28, so N = 365
    debt = {
        "principal": 100_000_000,
        "accruals": [Accrual(date(2016, 2, 29), Fraction("0.20"))],
        "until": date(2023, 12, 31),
    }
    assert int(delay_damages_many(DebtTable.from_debts([debt])).interest[0]) == 156_767_123
    assert_agree([debt], Rounding.FLOOR)


def test_from_29_february_across_the_next_29_february():
    # from 2020-02-29: 4 whole years exactly on 2024-02-28, and no day counted twice around it
    until = [date(2024, 2, 27), date(2024, 2, 28), date(2024, 2, 29), date(2024, 3, 1)]
    batch = [
        {"principal": 66_795_000, "accruals": [Accrual(date(2020, 2, 29), Fraction("0.20"))], "until": day}
        for day in until
    ]
    interest = delay_damages_many(DebtTable.from_debts(batch)).interest.tolist()

    # 13,359,000 a year, a day 36,600 (of 365) or 36,500 (of 366): 3 years + 364/365, 4 years, then
    # 1/366 and 2/366 of the 5th year
    assert interest == [53_436_000 - 36_600, 53_436_000, 53_436_000 + 36_500, 53_436_000 + 73_000]
    assert_agree(batch, Rounding.FLOOR)


@settings(max_examples=100)
@given(
    st.lists(
        st.tuples(
            st.sampled_from([date(year, 2, 29) for year in range(1952, 2097, 4)]),
            st.integers(0, 40 * 366),
            st.sampled_from([Fraction("0.05"), Fraction("0.20"), Fraction("0.055")]),
        ),
        min_size=1,
        max_size=12,
    ),
    st.sampled_from(list(Rounding)),
)
def test_agrees_with_the_scalar_engine_for_lines_starting_on_29_february(lines, rounding):
    batch = [
        {"principal": 100_000_000, "accruals": [Accrual(start, rate)], "until": start + timedelta(days=span)}
        for start, span, rate in lines
    ]
    assert_agree(batch, rounding)


def test_figures_too_large_for_64_bits_are_computed_exactly_all_the_same():
    # 10^15 won at 25 % over 30 years: the line's exact interest in 1/(100 × 365 × 366) won is about
    # 10^15 × 25 × 10,958 × 366 ≈ 10^23, far beyond int64, so the row goes to the scalar engine.
    debt = {
        "principal": 10**15,
        "accruals": [Accrual(date(1960, 1, 1), Fraction("0.25"))],
        "until": date(2019, 12, 31),
        "payments": [Payment(date(1990, 1, 1), 10**14)],
    }
    ordinary = {
        "principal": 1_000,
        "accruals": [Accrual(date(2000, 1, 1), Fraction("0.05"))],
        "until": date(2001, 1, 1),
    }
    assert_agree([debt, ordinary], Rounding.FLOOR)


# -- figures as a line in the date (pieces_many): what the stored summary keeps -------------------


def on_day(pieces, row: int, until: date, day: date) -> tuple[int, int]:
    """(delay damages, outstanding) of row ``row`` on ``day`` from its line, as SQL sums them."""
    extra = (int(pieces.remainder[row]) + int(pieces.per_day[row]) * (day - until).days) // pieces.denominator
    return int(pieces.totals.interest[row]) + extra, int(pieces.totals.outstanding[row]) + extra


def assert_lines_hold(batch, days_after):
    """On the first days of each debt's line, its last two and the days ``days_after`` picks, the line
    gives the scalar engine's figures exactly (rounded down, as judgments are)."""
    batch = [debt | {"rounding": Rounding.FLOOR} for debt in batch]
    table = DebtTable.from_debts(batch)
    pieces = pieces_many(table)
    assert pieces.denominator == table.rate_denominator * 365 * 366
    for row, debt in enumerate(batch):
        until, last = debt["until"], int(pieces.last[row])
        assert last <= until.toordinal() + PIECE_DAYS
        if last < until.toordinal():
            continue  # no line (its numbers could pass 64 bits): computed, never stored
        span = last - until.toordinal()
        for offset in sorted({0, 1, 2, span, max(span - 1, 0), *(d % (span + 1) for d in days_after)}):
            day = until + timedelta(days=offset)
            scalar = delay_damages(**(debt | {"until": day}))
            assert on_day(pieces, row, until, day) == (scalar.interest, scalar.outstanding), (debt, day)
            assert int(pieces.totals.paid[row]) == scalar.paid, (debt, day)


@settings(max_examples=300)
@given(st.lists(debts(), min_size=1, max_size=8), st.lists(st.integers(0, 400), max_size=6))
def test_a_debts_figures_are_a_line_in_the_date_until_the_line_ends(batch, days_after):
    assert_lines_hold(batch, days_after)


def test_a_line_ends_the_day_before_the_next_term_and_the_next_year_of_the_period_method():
    # given 20 % from 2013-06-19 by the period method, one debt alone and one with 12 % from 2019-01-01
    one = {"principal": 100_000_000, "accruals": [Accrual(date(2013, 6, 19), Fraction("0.20"))]}
    two = one | {"accruals": [*one["accruals"], Accrual(date(2019, 1, 1), Fraction("0.12"))]}
    batch = [one | {"until": date(2018, 11, 1)}, two | {"until": date(2018, 11, 1)}]
    # when their lines are taken on 2018-11-01
    pieces = pieces_many(DebtTable.from_debts(batch))
    # then the first holds to 2019-06-18, the last day of the 6th year, the second to 2018-12-31
    assert date.fromordinal(int(pieces.last[0])) == date(2019, 6, 18)
    assert date.fromordinal(int(pieces.last[1])) == date(2018, 12, 31)
    # and on 2018-11-01 the interest is 107,452,054 won (docs/law.md §2), each day 20 % / 365 more
    assert int(pieces.totals.interest[0]) == 107_452_054
    assert int(pieces.per_day[0]) == 100_000_000 * int(pieces.denominator * Fraction("0.20") / 365)
    assert on_day(pieces, 0, date(2018, 11, 1), date(2019, 6, 18))[0] == 120_000_000
    assert_lines_hold(batch, [0, 50, 59, 60, 200, 229])
