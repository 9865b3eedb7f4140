"""Delay damages (지연손해금) on a judgment debt, exactly as docs/law.md §2 states them.

A judgment states a principal and accrual terms ("20 % a year from 2013-06-19 until paid"). From these
and the payments made, :func:`delay_damages` computes the interest owed up to an evaluation date,
split into *lines*: stretches with one rate and one base, each counted by

- the **period method** (기간식, the courts' own): whole years from the line's start date by the Civil
  Act's rule (Arts. 159-160) earn the full annual rate, and the remaining days earn
  ``rate × days / N``, N being the length (365 or 366) of the line's next year, counted from the
  line's start like the whole years before it (for a line from 2016-02-29 the 8th year is
  2023-03-01 .. 2024-02-28: N = 365); or
- the **day method** (총일수식): ``rate × days / 365`` over every day.

Interest is simple, both the first and the last day count, and everything is exact integer arithmetic:
each line's interest is an exact fraction of a won and the sum is rounded once, by the named rule, at
each payment and at the evaluation date. A payment pays the interest accrued up to and including its
date first, then principal (Civil Act Art. 479); a new line starts the next day on the reduced
principal; whatever exceeds the debt is reported as an overpayment.

The inner loop is written for speed (the calculation must run for every award on every page and
for forecasts over hundreds of thousands of awards): integers over one common denominator instead of
``Fraction`` arithmetic, and no objects beyond the result's own lines.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from fractions import Fraction
from math import lcm

from amends.law.messages import Message, gettext_noop
from amends.law.money import Rounding, round_ratio

ONE_DAY = timedelta(days=1)
# 365 × 366: a multiple of both year lengths, so every line's interest has an exact numerator over
# ``rate denominator × _YEARS``.
_YEARS = 365 * 366
_NEVER = date.max.toordinal() + 1


class Method(StrEnum):
    PERIOD = "period"
    DAYS = "days"


class InterestInputError(ValueError):
    """Input the engine cannot compute from; ``field`` names the offending field."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True, slots=True)
class Accrual:
    """An accrual term: ``rate`` a year from ``start`` until the next term starts (or until paid)."""

    start: date
    rate: Fraction


@dataclass(frozen=True, slots=True)
class Payment:
    """Money received towards the debt on ``on``, from any source."""

    on: date
    amount: int


@dataclass(frozen=True, slots=True)
class Line:
    """A stretch ``start..end`` (both inclusive) with one rate and one base."""

    start: date
    end: date
    rate: Fraction
    base: int
    years: int
    days: int
    year_length: int
    # The exact interest is numerator / denominator, kept unreduced.
    interest_numerator: int
    interest_denominator: int

    @property
    def interest(self) -> Fraction:
        return Fraction(self.interest_numerator, self.interest_denominator)

    def interest_rounded(self, rule: Rounding = Rounding.FLOOR) -> int:
        return round_ratio(self.interest_numerator, self.interest_denominator, rule)


@dataclass(frozen=True, slots=True)
class AppliedPayment:
    """How one payment was applied: accrued interest first, then principal, then overpayment."""

    on: date
    amount: int
    to_interest: int
    to_principal: int
    overpaid: int


# The result is built once per award in bulk runs: a slotted, non-frozen dataclass (a frozen one's
# __init__ sets each field through object.__setattr__ and costs five times as much). Its lines and
# payments are kept as tuples of integers and turned into objects only when asked for.
@dataclass(slots=True)
class DelayDamages:
    """What is owed on ``until``: the result of :func:`delay_damages`. Treat it as immutable."""

    until: date
    principal: int
    interest: int
    paid: int
    overpaid: int
    principal_outstanding: int
    interest_outstanding: int
    denominator: int
    raw_lines: tuple[tuple[int, int, Fraction, int, int, int, int, int], ...]
    raw_payments: tuple[tuple[Payment, int, int, int], ...]

    @property
    def total(self) -> int:
        return self.principal + self.interest

    @property
    def outstanding(self) -> int:
        return self.principal_outstanding + self.interest_outstanding

    @property
    def lines(self) -> tuple[Line, ...]:
        fromordinal = date.fromordinal
        return tuple(
            Line(
                fromordinal(start), fromordinal(end), rate, base, years, days, length, units, self.denominator
            )
            for start, end, rate, base, years, days, length, units in self.raw_lines
        )

    @property
    def payments(self) -> tuple[AppliedPayment, ...]:
        return tuple(
            AppliedPayment(payment.on, payment.amount, to_interest, to_principal, overpaid)
            for payment, to_interest, to_principal, overpaid in self.raw_payments
        )


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _leap_years(year: int) -> int:
    """How many leap years there are in 1..year."""
    return year // 4 - year // 100 + year // 400


# Written by hand on ordinals (no date objects) because it runs once per line in bulk runs; the
# standard library has no "whole years between two dates by the Civil Act's rule".
def _split(start: int, year: int, month: int, after: int) -> tuple[int, int, int]:
    """Whole years, remaining days and N for the stretch from ordinal ``start`` (in ``year``-``month``)
    up to, not including, ordinal ``after``."""
    years = (after - start) // 365  # never fewer than the whole years; at most one or two more
    while True:
        if years == 0:
            since = start
            break
        # The anniversary lies 365 days a year later, plus each 29 February passed on the way.
        if month <= 2:
            leaps = _leap_years(year + years - 1) - _leap_years(year - 1)
        else:
            leaps = _leap_years(year + years) - _leap_years(year)
        since = start + 365 * years + leaps
        if since <= after:
            break
        years -= 1
    # N is the length of the next year counted from ``start``: from this anniversary to the next. It
    # holds a 29 February in the anniversary's own year if the start falls in January or February,
    # else in the next. A start on 29 February is no exception: its years all end on 28 February
    # (the day before 29 February, or the last day of a common year's February), so the next year
    # holds a 29 February only if it begins on one, in a leap year; begun on 1 March of a common
    # year it ends on 28 February of the next, leap or not (2023-03-01 .. 2024-02-28: 365 days).
    anniversary_year = year + years
    if month > 2:
        anniversary_year += 1
    return years, after - since, 366 if _is_leap(anniversary_year) else 365


def period_split(start: date, end: date) -> tuple[int, int, int]:
    """Whole years, remaining days and the remaining days' year length N for ``start..end``.

    Years are counted from ``start``: the n-th year ends the day before the same date n years later
    (Civil Act Art. 160(2)), or, where that date does not exist (29 February in a common year), on
    the last day of February (Art. 160(3)). Years from 29 February thus all end on 28 February. N is
    the length of the year after the whole years, counted the same way. ``end`` may be
    ``start - 1 day`` (an empty stretch).

    >>> period_split(date(2013, 6, 19), date(2018, 11, 1))
    (5, 136, 365)
    >>> period_split(date(2016, 2, 29), date(2023, 12, 31))
    (7, 306, 365)
    """
    return _split(start.toordinal(), start.year, start.month, end.toordinal() + 1)


def _payment_day(payment: Payment) -> date:
    return payment.on


def validate(
    *,
    principal: int,
    accruals: Sequence[Accrual],
    until: date,
    payments: Sequence[Payment] = (),
) -> None:
    """Raise :class:`InterestInputError` naming the first field the engine cannot compute from."""
    if isinstance(principal, bool) or not isinstance(principal, int):
        raise InterestInputError("principal", Message(gettext_noop("must be a whole number of won")))
    if principal < 0:
        raise InterestInputError("principal", Message(gettext_noop("must not be negative")))
    if not accruals:
        raise InterestInputError("accruals", Message(gettext_noop("at least one accrual term is required")))
    for index, accrual in enumerate(accruals):
        if accrual.rate.numerator < 0:  # cheaper than comparing a Fraction
            raise InterestInputError(f"accruals[{index}].rate", Message(gettext_noop("must not be negative")))
        if index and accrual.start <= accruals[index - 1].start:
            raise InterestInputError(
                f"accruals[{index}].from",
                Message(gettext_noop("accrual terms must be in date order, each after the last")),
            )
    if until < accruals[0].start:
        raise InterestInputError("until", Message(gettext_noop("is before the first accrual term starts")))
    for index, payment in enumerate(payments):
        if isinstance(payment.amount, bool) or not isinstance(payment.amount, int):
            raise InterestInputError(
                f"payments[{index}].amount", Message(gettext_noop("must be a whole number of won"))
            )
        if payment.amount <= 0:
            raise InterestInputError(
                f"payments[{index}].amount", Message(gettext_noop("must be greater than zero"))
            )
        if payment.on > until:
            raise InterestInputError(f"payments[{index}].date", Message(gettext_noop("is after until")))


def delay_damages(
    *,
    principal: int,
    accruals: Sequence[Accrual],
    until: date,
    method: Method = Method.PERIOD,
    rounding: Rounding = Rounding.FLOOR,
    payments: Sequence[Payment] = (),
    check: bool = True,
) -> DelayDamages:
    """Compute the delay damages on ``principal`` up to and including ``until``.

    ``check=False`` skips :func:`validate` for callers that validated already (bulk runs).
    """
    if check:
        validate(principal=principal, accruals=accruals, until=until, payments=payments)
    period = method == Method.PERIOD
    if not period and method != Method.DAYS:
        raise InterestInputError(
            "method", Message(gettext_noop("unknown method %(value)s"), value=repr(method))
        )
    if rounding != Rounding.FLOOR and rounding != Rounding.HALF_UP:
        raise InterestInputError(
            "rounding", Message(gettext_noop("unknown rounding %(value)s"), value=repr(rounding))
        )

    # Every line's exact interest is a whole number of 1/denominator won.
    if len(accruals) == 1:
        rate_denominator = accruals[0].rate.denominator
    else:
        rate_denominator = lcm(*[accrual.rate.denominator for accrual in accruals])
    denominator = rate_denominator * _YEARS
    # Per term: first day, day after its last, its rate scaled to the common denominator, the rate.
    terms = []
    for index, accrual in enumerate(accruals):
        rate = accrual.rate
        numerator, rate_denominator_here = rate.as_integer_ratio()
        after = accruals[index + 1].start.toordinal() if index + 1 < len(accruals) else _NEVER
        terms.append(
            (accrual.start.toordinal(), after, numerator * (rate_denominator // rate_denominator_here), rate)
        )

    stops = sorted(payments, key=_payment_day) if len(payments) > 1 else payments
    until_ordinal = until.toordinal()
    base = principal
    cursor = terms[0][0]  # first day not yet accrued
    cursor_date = accruals[0].start
    accrued = 0  # exact interest accrued since the last rounding, in 1/denominator won
    carried = 0  # rounded interest due and not yet paid
    interest = paid = overpaid = 0
    lines = []
    applied = []

    for stop_index in range(len(stops) + 1):
        stop = stops[stop_index] if stop_index < len(stops) else None
        stop_after = stop.on.toordinal() + 1 if stop is not None else until_ordinal + 1
        if base and stop_after > cursor:
            for start, after, scaled_rate, rate in terms:
                if after <= cursor:
                    continue
                if start >= stop_after:
                    break
                if cursor > start:
                    line_start, start_date = cursor, cursor_date
                else:
                    line_start, start_date = start, None
                line_after = stop_after if stop_after < after else after
                if period:
                    if start_date is None:
                        start_date = date.fromordinal(line_start)
                    years, days, year_length = _split(
                        line_start, start_date.year, start_date.month, line_after
                    )
                    # base × rate × (years + days / N), over the common denominator.
                    units = base * scaled_rate * (years * year_length + days) * (_YEARS // year_length)
                else:
                    years, days, year_length = 0, line_after - line_start, 365
                    units = base * scaled_rate * days * 366
                accrued += units
                lines.append((line_start, line_after - 1, rate, base, years, days, year_length, units))
        if stop_after > cursor:
            cursor = stop_after
            cursor_date = None
        rounded = round_ratio(accrued, denominator, rounding)
        accrued = 0
        interest += rounded
        carried += rounded
        if stop is None:
            break
        amount = stop.amount
        to_interest = amount if amount < carried else carried
        rest = amount - to_interest
        to_principal = rest if rest < base else base
        carried -= to_interest
        base -= to_principal
        paid += to_interest + to_principal
        overpaid += rest - to_principal
        applied.append((stop, to_interest, to_principal, rest - to_principal))
        if cursor_date is None and cursor <= until_ordinal:
            cursor_date = date.fromordinal(cursor)

    return DelayDamages(
        until, principal, interest, paid, overpaid, base, carried, denominator, tuple(lines), tuple(applied)
    )
