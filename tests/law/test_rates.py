"""Statutory rates: the special-rate table by date, and the decrees' transitional rule."""

from datetime import date
from fractions import Fraction

import pytest

from amends.law.interest import Accrual
from amends.law.rates import CIVIL_RATE, estimated_accruals, special_rate_accruals, special_rate_on

P = Fraction(1, 100)


@pytest.mark.parametrize(
    ("day", "rate"),
    [
        (date(1981, 3, 1), 25 * P),
        (date(2003, 5, 31), 25 * P),
        (date(2003, 6, 1), 20 * P),
        (date(2015, 9, 30), 20 * P),
        (date(2015, 10, 1), 15 * P),
        (date(2019, 5, 31), 15 * P),
        (date(2019, 6, 1), 12 * P),
        (date(2026, 11, 28), 12 * P),
    ],
)
def test_special_rate_by_date(day, rate):
    assert special_rate_on(day) == rate


def test_no_special_rate_before_the_act():
    with pytest.raises(ValueError, match="no special rate"):
        special_rate_on(date(1981, 2, 28))


def test_argument_closed_before_both_changes_keeps_20_percent_until_paid():
    # The Nagoya case: argument closed 2015-05-13, so neither the 2015 nor the 2019 decree applies.
    assert special_rate_accruals(start=date(2015, 6, 25), argument_closed=date(2015, 5, 13)) == [
        Accrual(date(2015, 6, 25), 20 * P)
    ]


def test_argument_closed_between_the_changes_takes_the_first_only():
    assert special_rate_accruals(start=date(2014, 1, 10), argument_closed=date(2017, 3, 2)) == [
        Accrual(date(2014, 1, 10), 20 * P),
        Accrual(date(2015, 10, 1), 15 * P),
    ]


def test_pending_suit_takes_every_change_from_its_effective_date():
    assert special_rate_accruals(start=date(2014, 1, 10)) == [
        Accrual(date(2014, 1, 10), 20 * P),
        Accrual(date(2015, 10, 1), 15 * P),
        Accrual(date(2019, 6, 1), 12 * P),
    ]


def test_argument_closed_on_the_effective_date_takes_the_new_rate():
    assert special_rate_accruals(start=date(2019, 1, 1), argument_closed=date(2019, 6, 1))[-1] == Accrual(
        date(2019, 6, 1), 12 * P
    )


def test_estimate_is_civil_rate_then_special_rate():
    assert estimated_accruals(civil_from=date(2020, 3, 1), special_from=date(2021, 7, 2)) == [
        Accrual(date(2020, 3, 1), CIVIL_RATE),
        Accrual(date(2021, 7, 2), 12 * P),
    ]
    with pytest.raises(ValueError):
        estimated_accruals(civil_from=date(2021, 7, 2), special_from=date(2021, 7, 2))
