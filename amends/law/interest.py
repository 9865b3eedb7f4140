"""Delay damages (지연손해금) on a judgment debt, exactly as LAW.md §2 states them.

A judgment states a principal and accrual terms ("20 % a year from 2013-06-19 until paid"). From these
and the payments made, :func:`delay_damages` computes the interest owed up to an evaluation date,
split into *lines*: stretches with one rate and one base, each counted by

- the **period method** (기간식, the courts' own): whole years from the line's start date by the Civil
  Act's rule (Arts. 159-160) earn the full annual rate, and the remaining days earn
  ``rate × days / N``, N being the length (365 or 366) of the year-long period that starts where the
  whole years end; or
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

from amends.law.money import Rounding, round_ratio

ONE_DAY = timedelta(days=1)
# 365 × 366: a multiple of both year lengths, so every line's interest has an exact numerator over
# ``rate denominator × _YEARS``.
_YEARS = 365 * 366


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


# Lines and applied payments are built in the hot loop: plain slotted dataclasses, because a frozen
# dataclass's __init__ sets every field through object.__setattr__ and costs several times as much.
@dataclass(slots=True)
class Line:
    """A stretch ``start..end`` (both inclusive) with one rate and one base."""

    start: date
    end: date
    rate: Fraction
    base: int
    years: int
    days: int
    year_length: int
    # The exact interest is numerator / denominator; kept unreduced so the hot path builds no Fraction.
    interest_numerator: int
    interest_denominator: int

    @property
    def interest(self) -> Fraction:
        return Fraction(self.interest_numerator, self.interest_denominator)

    def interest_rounded(self, rule: Rounding = Rounding.FLOOR) -> int:
        return round_ratio(self.interest_numerator, self.interest_denominator, rule)


@dataclass(slots=True)
class AppliedPayment:
    """How one payment was applied: accrued interest first, then principal, then overpayment."""

    on: date
    amount: int
    to_interest: int
    to_principal: int
    overpaid: int


@dataclass(frozen=True, slots=True)
class DelayDamages:
    """What is owed on ``until``: the result of :func:`delay_damages`."""

    until: date
    principal: int
    interest: int
    paid: int
    overpaid: int
    principal_outstanding: int
    interest_outstanding: int
    lines: tuple[Line, ...]
    payments: tuple[AppliedPayment, ...]

    @property
    def total(self) -> int:
        return self.principal + self.interest

    @property
    def outstanding(self) -> int:
        return self.total - self.paid


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def period_split(start: date, end: date) -> tuple[int, int, int]:
    """Whole years, remaining days and the remaining days' year length N for ``start..end``.

    A year counted from ``start`` ends the day before the same date a year later (Civil Act
    Art. 160(2)); a year from 29 February ends on the last day of February (Art. 160(3)), so the
    next one starts on 1 March. ``end`` may be ``start - 1 day`` (an empty stretch).

    >>> period_split(date(2013, 6, 19), date(2018, 11, 1))
    (5, 136, 365)
    """
    after = end + ONE_DAY
    month, day = start.month, start.day
    years = after.year - start.year
    # In a non-leap year nothing lies between 28 February and 1 March, so comparing against (2, 29)
    # also gets a 29 February start right.
    if (after.month, after.day) < (month, day):
        years -= 1
    anniversary_year = start.year + years
    if years == 0:
        since = start
    elif month == 2 and day == 29 and not _is_leap(anniversary_year):
        since = date(anniversary_year, 3, 1)
    else:
        since = date(anniversary_year, month, day)
    # The year-long period from ``since`` holds a 29 February either in since's own year (if since
    # falls in January or February) or in the next.
    leap = _is_leap(since.year if since.month <= 2 else since.year + 1)
    return years, (after - since).days, 366 if leap else 365


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
        raise InterestInputError("principal", "must be a whole number of won")
    if principal < 0:
        raise InterestInputError("principal", "must not be negative")
    if not accruals:
        raise InterestInputError("accruals", "at least one accrual term is required")
    for index, accrual in enumerate(accruals):
        if accrual.rate.numerator < 0:  # cheaper than comparing a Fraction
            raise InterestInputError(f"accruals[{index}].rate", "must not be negative")
        if index and accrual.start <= accruals[index - 1].start:
            raise InterestInputError(
                f"accruals[{index}].from", "accrual terms must be in date order, each after the last"
            )
    if until < accruals[0].start:
        raise InterestInputError("until", "is before the first accrual term starts")
    for index, payment in enumerate(payments):
        if isinstance(payment.amount, bool) or not isinstance(payment.amount, int):
            raise InterestInputError(f"payments[{index}].amount", "must be a whole number of won")
        if payment.amount <= 0:
            raise InterestInputError(f"payments[{index}].amount", "must be greater than zero")
        if payment.on > until:
            raise InterestInputError(f"payments[{index}].date", "is after until")


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
        raise InterestInputError("method", f"unknown method {method!r}")
    if rounding != Rounding.FLOOR and rounding != Rounding.HALF_UP:
        raise InterestInputError("rounding", f"unknown rounding {rounding!r}")

    # Every line's exact interest is a whole number of 1/denominator won.
    rate_denominator = lcm(*(a.rate.denominator for a in accruals))
    denominator = rate_denominator * _YEARS
    terms = [(a.start, a.rate, a.rate.numerator * (rate_denominator // a.rate.denominator)) for a in accruals]
    ends = [a.start - ONE_DAY for a in accruals[1:]] + [date.max]

    stops = sorted(payments, key=_payment_day) if len(payments) > 1 else payments
    base = principal
    cursor = accruals[0].start  # first day not yet accrued
    accrued = 0  # exact interest accrued since the last rounding, in 1/denominator won
    carried = 0  # rounded interest due and not yet paid
    interest = paid = overpaid = 0
    lines: list[Line] = []
    applied: list[AppliedPayment] = []

    for stop_index in range(len(stops) + 1):
        stop = stops[stop_index] if stop_index < len(stops) else None
        stop_day = stop.on if stop is not None else until
        if base and stop_day >= cursor:
            for (start, rate, scaled_rate), end in zip(terms, ends, strict=True):
                if end < cursor:
                    continue
                if start > stop_day:
                    break
                line_start = cursor if cursor > start else start
                line_end = stop_day if stop_day < end else end
                if period:
                    years, days, year_length = period_split(line_start, line_end)
                else:
                    years, days, year_length = 0, (line_end - line_start).days + 1, 365
                # base × rate × (years + days / N), over the common denominator.
                units = base * scaled_rate * (years * year_length + days) * (_YEARS // year_length)
                accrued += units
                lines.append(
                    Line(line_start, line_end, rate, base, years, days, year_length, units, denominator)
                )
        if stop_day >= cursor:
            cursor = stop_day + ONE_DAY
        rounded = round_ratio(accrued, denominator, rounding)
        accrued = 0
        interest += rounded
        carried += rounded
        if stop is None:
            break
        to_interest = min(stop.amount, carried)
        to_principal = min(stop.amount - to_interest, base)
        excess = stop.amount - to_interest - to_principal
        carried -= to_interest
        base -= to_principal
        paid += to_interest + to_principal
        overpaid += excess
        applied.append(AppliedPayment(stop.on, stop.amount, to_interest, to_principal, excess))

    return DelayDamages(
        until=until,
        principal=principal,
        interest=interest,
        paid=paid,
        overpaid=overpaid,
        principal_outstanding=base,
        interest_outstanding=carried,
        lines=tuple(lines),
        payments=tuple(applied),
    )
