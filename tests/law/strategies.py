"""Generated debts for property tests of the delay-damages engines."""

from datetime import date, timedelta
from fractions import Fraction

from hypothesis import strategies as st

from amends.law.interest import Accrual, Method, Payment
from amends.law.money import Rounding

days = st.integers(min_value=0, max_value=20 * 366)
rates = st.sampled_from(
    [
        Fraction(5, 100),
        Fraction(12, 100),
        Fraction(15, 100),
        Fraction(20, 100),
        Fraction(25, 100),
        Fraction(55, 1000),
    ]
)
BASE = date(2000, 1, 1)


@st.composite
def debts(draw):
    start = BASE + timedelta(days=draw(days))
    accruals, day = [], start
    for _ in range(draw(st.integers(1, 3))):
        accruals.append(Accrual(day, draw(rates)))
        day += timedelta(days=draw(st.integers(1, 2000)))
    until = day + timedelta(days=draw(st.integers(0, 4000)))
    span = (until - start).days
    payments = [
        Payment(start + timedelta(days=draw(st.integers(-30, span))), draw(st.integers(1, 200_000_000)))
        for _ in range(draw(st.integers(0, 3)))
    ]
    return {
        "principal": draw(st.integers(0, 500_000_000)),
        "accruals": accruals,
        "until": until,
        "payments": payments,
        "method": draw(st.sampled_from(list(Method))),
        "rounding": draw(st.sampled_from(list(Rounding))),
    }
