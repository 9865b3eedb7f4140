"""Statutory rates of delay damages, for estimating what pending suits will award.

Once a judgment is final its own accrual terms rule (:mod:`amends.law.interest`); these tables only
estimate awards in suits not yet decided (docs/law.md §2):

- the Civil Act's rate, 5 % a year (민법 Art. 379), typically until the first-instance judgment;
- the Litigation Promotion Act's special rate (소송촉진 등에 관한 특례법 Art. 3), set by decree:
  25 % from 1981-03-01, 20 % from 2003-06-01, 15 % from 2015-10-01, 12 % from 2019-06-01.

Transitional rule: the 2015 and 2019 decrees kept the old rate for cases whose first-instance argument
had closed before the change (or that were on appeal); otherwise the new rate applies from its
effective date.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import date
from fractions import Fraction

from amends.law.interest import Accrual

CIVIL_RATE = Fraction(5, 100)

SPECIAL_RATES: tuple[tuple[date, Fraction], ...] = (
    (date(1981, 3, 1), Fraction(25, 100)),
    (date(2003, 6, 1), Fraction(20, 100)),
    (date(2015, 10, 1), Fraction(15, 100)),
    (date(2019, 6, 1), Fraction(12, 100)),
)
_EFFECTIVE = [effective for effective, _ in SPECIAL_RATES]


def special_rate_on(day: date) -> Fraction:
    """The special rate in force on ``day`` (for a case whose argument had not closed before it)."""
    index = bisect_right(_EFFECTIVE, day) - 1
    if index < 0:
        raise ValueError(f"no special rate before {SPECIAL_RATES[0][0]}")
    return SPECIAL_RATES[index][1]


def special_rate_accruals(*, start: date, argument_closed: date | None = None) -> list[Accrual]:
    """Accrual terms at the special rate from ``start`` on, each decree change applied or not.

    A change applies from its effective date unless the case's first-instance argument had closed
    before that date (``argument_closed`` earlier than it), in which case the rate then in force is
    kept. ``argument_closed=None`` means argument has not closed yet: every change applies.
    """
    accruals = [Accrual(start, special_rate_on(start))]
    for effective, rate in SPECIAL_RATES:
        if effective <= start:
            continue
        if argument_closed is not None and argument_closed < effective:
            break
        accruals.append(Accrual(effective, rate))
    return accruals


def estimated_accruals(
    *, civil_from: date, special_from: date, argument_closed: date | None = None
) -> list[Accrual]:
    """The usual terms of an award not yet made: the Civil Act rate from ``civil_from`` (the tort or
    the date the court takes), then the special rate from ``special_from`` (typically the day after
    the first-instance judgment), changing as the decrees and the transitional rule say."""
    if special_from <= civil_from:
        raise ValueError("special_from must be after civil_from")
    return [
        Accrual(civil_from, CIVIL_RATE),
        *special_rate_accruals(start=special_from, argument_closed=argument_closed),
    ]
