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
# Lines starting on 29 February count their years differently (docs/law.md §2.3): the debts start
# there, a later term starts there, or a payment the day before makes the next line start there, often
# enough for every property to meet them.
LEAP_DAYS = tuple(date(year, 2, 29) for year in range(2000, 2097, 4))


def _leap_day_after(day: date) -> date:
    return next(leap_day for leap_day in LEAP_DAYS if leap_day > day)


@st.composite
def debts(draw):
    if draw(st.integers(0, 3)) == 0:
        start = draw(st.sampled_from(LEAP_DAYS[:6]))
    else:
        start = BASE + timedelta(days=draw(days))
    accruals, day = [], start
    for _ in range(draw(st.integers(1, 3))):
        accruals.append(Accrual(day, draw(rates)))
        if draw(st.integers(0, 3)) == 0:
            day = _leap_day_after(day)
        else:
            day += timedelta(days=draw(st.integers(1, 2000)))
    until = day + timedelta(days=draw(st.integers(0, 4000)))
    span = (until - start).days
    payments = []
    for _ in range(draw(st.integers(0, 3))):
        on = start + timedelta(days=draw(st.integers(-30, span)))
        if draw(st.integers(0, 3)) == 0 and _leap_day_after(on) <= until:
            on = _leap_day_after(on) - timedelta(days=1)
        payments.append(Payment(on, draw(st.integers(1, 200_000_000))))
    return {
        "principal": draw(st.integers(0, 500_000_000)),
        "accruals": accruals,
        "until": until,
        "payments": payments,
        "method": draw(st.sampled_from(list(Method))),
        "rounding": draw(st.sampled_from(list(Rounding))),
    }
