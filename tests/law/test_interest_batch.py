"""The array engine gives, debt for debt, exactly what the scalar engine gives."""

import json
from datetime import date
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from amends.law.interest import Accrual, Payment, delay_damages
from amends.law.interest_batch import DebtTable, delay_damages_many
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
