"""Delay damages: the worked examples of docs/law.md, the Civil Act's year rule, payments and rounding."""

import json
from datetime import date, timedelta
from fractions import Fraction
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amends.law.interest import (
    Accrual,
    InterestInputError,
    Method,
    Payment,
    delay_damages,
    period_split,
)
from amends.law.interest_json import parse
from amends.law.money import Rounding
from tests.conftest import data_file
from tests.law.strategies import debts

EXAMPLES = json.loads(data_file("interest_examples.json").read_text())
NIPPON_STEEL = [Accrual(date(2013, 6, 19), Fraction("0.20"))]


@pytest.mark.parametrize("example", EXAMPLES, ids=[e["name"] for e in EXAMPLES])
def test_worked_examples(example):
    # given the example's input / when computed
    result = delay_damages(**parse(example["input"]))
    # then every figure matches
    got = {key: getattr(result, key) for key in example["expect"]}
    assert got == example["expect"]


def test_nippon_steel_as_of_2018_11_01_is_5_years_and_136_days():
    result = delay_damages(principal=100_000_000, accruals=NIPPON_STEEL, until=date(2018, 11, 1))

    assert result.interest == 107_452_054
    (line,) = result.lines
    assert (line.years, line.days, line.year_length) == (5, 136, 365)
    assert line.interest == Fraction(100_000_000) * Fraction(1, 5) * (5 + Fraction(136, 365))


def test_press_figure_is_the_same_amount_rounded_half_up():
    result = delay_damages(
        principal=100_000_000, accruals=NIPPON_STEEL, until=date(2018, 11, 1), rounding=Rounding.HALF_UP
    )
    assert result.interest == 107_452_055


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        # a year from 2010-04-09 ends 2011-04-08 (Civil Act Arts. 159-160)
        (date(2010, 4, 9), date(2011, 4, 8), (1, 0, 366)),
        (date(2010, 4, 9), date(2011, 4, 7), (0, 364, 365)),
        # the next period, 2011-04-09 .. 2012-04-08, holds 2012-02-29
        (date(2010, 4, 9), date(2011, 4, 9), (1, 1, 366)),
        # first and last day both count
        (date(2020, 1, 1), date(2020, 1, 1), (0, 1, 366)),
        # the period that starts where the whole years end decides N: 2019-09-20.. holds 2020-02-29
        (date(2014, 9, 20), date(2020, 1, 31), (5, 134, 366)),
        # a year-long period starting on 2020-02-29 holds that day: 366
        (date(2020, 2, 29), date(2020, 3, 31), (0, 32, 366)),
        # a year from 29 February ends on the last day of February
        (date(2020, 2, 29), date(2021, 2, 28), (1, 0, 365)),
        (date(2020, 2, 29), date(2021, 2, 27), (0, 365, 366)),
        (date(2020, 2, 29), date(2024, 2, 28), (4, 0, 366)),
        (date(2020, 2, 29), date(2024, 3, 1), (4, 2, 366)),
        # N is the length of the line's next year counted from its start: from 2020-02-29 the 4th year
        # is 2023-03-01 .. 2024-02-28 (the day before 2024-02-29), 365 days
        (date(2020, 2, 29), date(2023, 3, 10), (3, 10, 365)),
        (date(2020, 2, 29), date(2024, 2, 27), (3, 364, 365)),
        (date(2016, 2, 29), date(2023, 12, 31), (7, 306, 365)),
        # whereas a year counted from 1 March 2019 itself holds 29 February 2020
        (date(2019, 3, 1), date(2019, 3, 10), (0, 10, 366)),
        # an empty stretch
        (date(2020, 5, 1), date(2020, 4, 30), (0, 0, 365)),
    ],
)
def test_period_split_follows_the_civil_act(start, end, expected):
    assert period_split(start, end) == expected


def test_day_method_counts_every_day_over_365_even_in_leap_years():
    result = delay_damages(
        principal=36_500_000,
        accruals=[Accrual(date(2020, 1, 1), Fraction("0.10"))],
        until=date(2020, 12, 31),
        method=Method.DAYS,
    )
    (line,) = result.lines
    assert (line.years, line.days, line.year_length) == (0, 366, 365)
    assert result.interest == 3_660_000


def test_each_accrual_runs_to_the_day_before_the_next():
    result = delay_damages(
        principal=120_000_000,
        accruals=[Accrual(date(2015, 5, 13), Fraction("0.05")), Accrual(date(2015, 6, 25), Fraction("0.20"))],
        until=date(2015, 7, 1),
    )
    first, second = result.lines
    assert (first.start, first.end, first.days) == (date(2015, 5, 13), date(2015, 6, 24), 43)
    assert (second.start, second.end, second.days) == (date(2015, 6, 25), date(2015, 7, 1), 7)


def test_the_sum_is_rounded_once_not_each_line():
    # 2,726,027.39… + 107,322,404.37… = 110,048,431.77…: half-up on the sum gives …432, on each line …431
    result = delay_damages(
        principal=100_000_000,
        accruals=[Accrual(date(2014, 3, 5), Fraction("0.05")), Accrual(date(2014, 9, 20), Fraction("0.20"))],
        until=date(2020, 1, 31),
        rounding=Rounding.HALF_UP,
    )
    assert sum(line.interest_rounded(Rounding.HALF_UP) for line in result.lines) == 110_048_431
    assert result.interest == 110_048_432


def test_payment_pays_interest_first_then_principal_and_a_new_line_starts_next_day():
    result = delay_damages(
        principal=60_000_000,
        accruals=[Accrual(date(2017, 4, 1), Fraction("0.15"))],
        until=date(2021, 12, 31),
        payments=[Payment(date(2019, 3, 31), 25_000_000)],
    )
    (applied,) = result.payments
    assert (applied.to_interest, applied.to_principal, applied.overpaid) == (18_000_000, 7_000_000, 0)
    first, second = result.lines
    assert (first.end, first.years, first.days) == (date(2019, 3, 31), 2, 0)
    assert (second.start, second.base, second.years, second.days) == (date(2019, 4, 1), 53_000_000, 2, 275)
    assert result.principal_outstanding == 53_000_000


def test_payment_smaller_than_the_interest_leaves_principal_and_carries_the_rest_without_compounding():
    result = delay_damages(
        principal=10_000_000,
        accruals=[Accrual(date(2020, 1, 1), Fraction("0.20"))],
        until=date(2021, 12, 31),
        payments=[Payment(date(2020, 12, 31), 500_000)],
    )
    # 2,000,000 accrued in 2020; 500,000 paid; 1,500,000 carried; 2,000,000 more in 2021 on 10,000,000
    assert result.interest == 4_000_000
    assert result.paid == 500_000
    assert result.principal_outstanding == 10_000_000
    assert result.interest_outstanding == 3_500_000
    assert result.outstanding == 13_500_000


def test_overpayment_is_reported_and_interest_stops():
    result = delay_damages(
        principal=10_000_000,
        accruals=[Accrual(date(2020, 1, 1), Fraction("0.20"))],
        until=date(2022, 12, 31),
        payments=[Payment(date(2020, 12, 31), 13_000_000)],
    )
    assert result.interest == 2_000_000
    assert result.paid == 12_000_000
    assert result.overpaid == 1_000_000
    assert result.outstanding == 0
    assert len(result.lines) == 1


def test_payments_are_applied_in_date_order_whatever_the_input_order():
    accruals = [Accrual(date(2020, 1, 1), Fraction("0.12"))]
    payments = [Payment(date(2021, 6, 1), 3_000_000), Payment(date(2020, 6, 1), 2_000_000)]
    forward = delay_damages(
        principal=50_000_000, accruals=accruals, until=date(2022, 1, 1), payments=payments
    )
    backward = delay_damages(
        principal=50_000_000, accruals=accruals, until=date(2022, 1, 1), payments=payments[::-1]
    )
    assert forward == backward
    assert [p.on for p in forward.payments] == [date(2020, 6, 1), date(2021, 6, 1)]


def test_payment_before_interest_starts_reduces_the_principal():
    result = delay_damages(
        principal=10_000_000,
        accruals=[Accrual(date(2020, 1, 1), Fraction("0.20"))],
        until=date(2020, 12, 31),
        payments=[Payment(date(2019, 6, 1), 4_000_000)],
    )
    assert result.payments[0].to_principal == 4_000_000
    assert result.interest == 1_200_000


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"principal": -1}, "principal"),
        ({"accruals": []}, "accruals"),
        ({"until": date(2013, 6, 18)}, "until"),
        (
            {
                "accruals": [
                    Accrual(date(2014, 1, 1), Fraction(1, 5)),
                    Accrual(date(2013, 1, 1), Fraction(1, 5)),
                ]
            },
            "accruals[1].from",
        ),
        ({"payments": [Payment(date(2015, 1, 1), -5)]}, "payments[0].amount"),
        ({"payments": [Payment(date(2019, 1, 1), 5)]}, "payments[0].date"),
        ({"method": "monthly"}, "method"),
        ({"rounding": "ceiling"}, "rounding"),
    ],
)
def test_bad_input_names_the_field(kwargs, field):
    arguments = {"principal": 100, "accruals": NIPPON_STEEL, "until": date(2018, 11, 1)} | kwargs
    with pytest.raises(InterestInputError) as raised:
        delay_damages(**arguments)
    assert raised.value.field == field


# Properties over generated debts ------------------------------------------------------------------


@given(debts())
def test_money_is_conserved(debt):
    result = delay_damages(**debt)
    received = sum(p.amount for p in debt["payments"])
    assert result.paid + result.overpaid == received
    assert result.outstanding == result.principal_outstanding + result.interest_outstanding >= 0
    assert result.total == debt["principal"] + result.interest
    assert all(p.to_interest + p.to_principal + p.overpaid == p.amount for p in result.payments)


@given(debts())
def test_lines_cover_every_day_once_while_principal_is_owed(debt):
    debt["payments"] = []
    result = delay_damages(**debt)
    if debt["principal"] == 0:
        assert result.lines == ()
        return
    assert result.lines[0].start == debt["accruals"][0].start
    assert result.lines[-1].end == debt["until"]
    for before, after in zip(result.lines, result.lines[1:], strict=False):
        assert after.start == before.end + timedelta(days=1)


@given(debts(), st.integers(1, 3000))
def test_without_payments_interest_never_decreases_with_time(debt, extra):
    debt["payments"] = []
    earlier = delay_damages(**debt)
    later = delay_damages(**(debt | {"until": debt["until"] + timedelta(days=extra)}))
    assert later.interest >= earlier.interest


@given(debts())
def test_floor_never_exceeds_the_exact_interest_nor_half_up_by_more_than_half_a_won(debt):
    debt["payments"] = []
    exact = sum((line.interest for line in delay_damages(**debt).lines), Fraction(0))
    floor = delay_damages(**(debt | {"rounding": Rounding.FLOOR})).interest
    half_up = delay_damages(**(debt | {"rounding": Rounding.HALF_UP})).interest
    assert floor <= exact < floor + 1
    assert abs(half_up - exact) <= Fraction(1, 2)


@given(debts())
def test_whole_years_earn_the_full_rate_whatever_their_length(debt):
    debt["payments"] = []
    debt["method"] = Method.PERIOD
    for line in delay_damages(**debt).lines:
        assert line.days < line.year_length
        expected = line.base * line.rate * (line.years + Fraction(line.days, line.year_length))
        assert line.interest == expected


def reference_period_split(start: date, end: date) -> tuple[int, int, int]:
    """The Civil Act's rule written the slow, obvious way, with dates, to check the fast one.

    Every year is counted from ``start``, the remaining days' year (N) too: it runs from the last
    whole year's end to the next one's.
    """

    def anniversary(years: int) -> date:
        try:
            return start.replace(year=start.year + years)
        except ValueError:  # 29 February in a common year: the year ended on 28 February
            return date(start.year + years, 3, 1)

    years = 0
    while anniversary(years + 1) <= end + timedelta(days=1):
        years += 1
    since = anniversary(years)
    return years, (end - since).days + 1, (anniversary(years + 1) - since).days


@given(st.dates(date(1950, 1, 1), date(2090, 12, 31)), st.integers(-1, 40 * 366))
def test_period_split_agrees_with_the_plain_reading_of_the_civil_act(start, span):
    end = start + timedelta(days=span)
    assert period_split(start, end) == reference_period_split(start, end)


LEAP_DAYS = [date(year, 2, 29) for year in range(1952, 2097, 4)]  # 2000 and 2096 (before 2100) among them


@given(st.sampled_from(LEAP_DAYS), st.integers(-1, 40 * 366))
def test_period_split_from_29_february_agrees_with_the_plain_reading(start, span):
    end = start + timedelta(days=span)
    assert period_split(start, end) == reference_period_split(start, end)


@pytest.mark.parametrize(
    "start", [date(2020, 1, 29), date(2020, 2, 28), date(2020, 2, 29), date(2019, 3, 1), date(2096, 2, 29)]
)
def test_period_split_around_29_february(start):
    for span in range(-1, 9 * 366):
        end = start + timedelta(days=span)
        assert period_split(start, end) == reference_period_split(start, end), end


# A line starting on 29 February (docs/law.md §2.3) -------------------------------------------------


def test_from_29_february_the_partial_years_n_is_counted_from_the_lines_start():
    # 100,000,000 won at 20 % from 2016-02-29 to 2023-12-31: the 8th year runs 2023-03-01 ..
    # 2024-02-28, 365 days, so 7 years + 306/365 (not 306/366, which gave 156,721,311)
    result = delay_damages(
        principal=100_000_000,
        accruals=[Accrual(date(2016, 2, 29), Fraction("0.20"))],
        until=date(2023, 12, 31),
    )

    (line,) = result.lines
    assert (line.years, line.days, line.year_length) == (7, 306, 365)
    assert line.interest == 20_000_000 * (7 + Fraction(306, 365))
    assert result.interest == 156_767_123


def test_from_29_february_no_day_is_counted_twice_across_the_next_29_february():
    # from 2020-02-29, evaluated on 2024-02-27, 28, 29 and 03-01: the 4th year (2023-03-01 ..
    # 2024-02-28, 365 days) ends with exactly 4 whole years and each day earns one day's interest of its
    # own year, 1/365 up to 2024-02-28, then 1/366 in the 5th year (2024-02-29 .. 2025-02-28)
    def interest(until):
        result = delay_damages(
            principal=100_000_000, accruals=[Accrual(date(2020, 2, 29), Fraction("0.20"))], until=until
        )
        return sum((line.interest for line in result.lines), Fraction(0))

    days = [date(2024, 2, 27), date(2024, 2, 28), date(2024, 2, 29), date(2024, 3, 1)]
    figures = [interest(day) for day in days]

    assert figures[1] == 4 * 20_000_000
    assert [b - a for a, b in pairwise(figures)] == [
        Fraction(20_000_000, 365),
        Fraction(20_000_000, 366),
        Fraction(20_000_000, 366),
    ]
    assert [period_split(date(2020, 2, 29), day) for day in days] == [
        (3, 364, 365),
        (4, 0, 366),
        (4, 1, 366),
        (4, 2, 366),
    ]
