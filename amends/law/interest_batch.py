"""Delay damages for many awards at once: the rules of :mod:`amends.law.interest`, on arrays.

Forecasts and dashboards need what is owed on hundreds of thousands of awards. Computing them one by
one in Python costs about 14 µs an award; here every step of :func:`~amends.law.interest.delay_damages`
(lines per accrual term, the period method's whole years, rounding at each payment, payments to
interest first) runs on NumPy arrays of 64-bit integers for all awards together, in lock step over
their payments. The arithmetic stays exact: every line's interest is a whole number of
``1 / (rate denominator × 365 × 366)`` won, as in the scalar engine, and a debt whose figures could
overflow 64 bits (principals beyond about ten billion won for decades) is computed by the scalar
engine instead. Tests check both engines agree on generated debts.

Only totals come out (interest, paid, overpaid, what is outstanding), as int64: a total beyond
9.2 × 10^18 won raises OverflowError. For the lines of one award use the scalar engine.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from math import lcm

import numpy as np

from amends.law.interest import _YEARS, Accrual, Method, Payment, delay_damages, validate
from amends.law.money import Rounding

_NEVER = date.max.toordinal() + 1  # padding: a term or payment that does not exist
NEVER = _NEVER
_EPOCH = date(1970, 1, 1).toordinal()  # NumPy's datetime64 counts days from here
# Interest is accumulated in int64; a debt whose bound exceeds this goes to the scalar engine.
_SAFE = 2**60


@dataclass(frozen=True)
class DebtTable:
    """Debts as arrays, one row a debt, padded to the most terms and payments of any row.

    ``starts`` are ordinals of the accrual terms' first days (``_NEVER`` pads); ``rates`` are their
    rates as numerators over ``rate_denominator``; ``payment_days`` (``_NEVER`` pads) and
    ``payment_amounts`` (0 pads) the payments, in any order; ``period`` says which rows use the
    period method (else the day method).
    """

    principal: np.ndarray
    starts: np.ndarray
    rates: np.ndarray
    rate_denominator: int
    until: np.ndarray
    payment_days: np.ndarray
    payment_amounts: np.ndarray
    period: np.ndarray

    def __len__(self) -> int:
        return len(self.principal)

    @classmethod
    def from_debts(cls, debts: Sequence[dict], *, check: bool = True) -> DebtTable:
        """Arrays from keyword arguments of :func:`~amends.law.interest.delay_damages`."""
        count = len(debts)
        terms = max((len(debt["accruals"]) for debt in debts), default=1)
        paid = max((len(debt.get("payments", ())) for debt in debts), default=0)
        denominator = lcm(*{a.rate.denominator for debt in debts for a in debt["accruals"]}, 1)
        principal = np.zeros(count, np.int64)
        starts = np.full((count, terms), _NEVER, np.int64)
        rates = np.zeros((count, terms), np.int64)
        until = np.zeros(count, np.int64)
        days = np.full((count, max(paid, 1)), _NEVER, np.int64)
        amounts = np.zeros((count, max(paid, 1)), np.int64)
        period = np.zeros(count, bool)
        for row, debt in enumerate(debts):
            if check:
                validate(
                    principal=debt["principal"],
                    accruals=debt["accruals"],
                    until=debt["until"],
                    payments=debt.get("payments", ()),
                )
            principal[row] = debt["principal"]
            for column, accrual in enumerate(debt["accruals"]):
                starts[row, column] = accrual.start.toordinal()
                rates[row, column] = accrual.rate.numerator * (denominator // accrual.rate.denominator)
            until[row] = debt["until"].toordinal()
            for column, payment in enumerate(debt.get("payments", ())):
                days[row, column] = payment.on.toordinal()
                amounts[row, column] = payment.amount
            period[row] = debt.get("method", Method.PERIOD) == Method.PERIOD
        return cls(principal, starts, rates, denominator, until, days, amounts, period)

    def debt(self, row: int) -> dict:
        """Row ``row`` as keyword arguments of the scalar engine."""
        accruals = [
            Accrual(date.fromordinal(int(start)), Fraction(int(rate), self.rate_denominator))
            for start, rate in zip(self.starts[row], self.rates[row], strict=True)
            if start != _NEVER
        ]
        payments = [
            Payment(date.fromordinal(int(day)), int(amount))
            for day, amount in zip(self.payment_days[row], self.payment_amounts[row], strict=True)
            if day != _NEVER
        ]
        return {
            "principal": int(self.principal[row]),
            "accruals": accruals,
            "until": date.fromordinal(int(self.until[row])),
            "payments": payments,
            "method": Method.PERIOD if self.period[row] else Method.DAYS,
        }

    @classmethod
    def concat(cls, tables: Sequence[DebtTable]) -> DebtTable:
        """The rows of ``tables`` one after the other, padded to the widest (rates brought over one
        common denominator, which changes no figure: every line is exact)."""
        tables = [table for table in tables if len(table)]
        if len(tables) == 1:
            return tables[0]
        if not tables:
            return cls.from_debts([])
        denominator = lcm(*(table.rate_denominator for table in tables))
        terms = max(table.starts.shape[1] for table in tables)
        paid = max(table.payment_days.shape[1] for table in tables)

        def widen(array: np.ndarray, width: int, fill: int) -> np.ndarray:
            extra = width - array.shape[1]
            return np.pad(array, ((0, 0), (0, extra)), constant_values=fill) if extra else array

        return cls(
            np.concatenate([table.principal for table in tables]),
            np.concatenate([widen(table.starts, terms, _NEVER) for table in tables]),
            np.concatenate(
                [widen(table.rates, terms, 0) * (denominator // table.rate_denominator) for table in tables]
            ),
            denominator,
            np.concatenate([table.until for table in tables]),
            np.concatenate([widen(table.payment_days, paid, _NEVER) for table in tables]),
            np.concatenate([widen(table.payment_amounts, paid, 0) for table in tables]),
            np.concatenate([table.period for table in tables]),
        )


def padded(owner: np.ndarray, values: np.ndarray, rows: int, fill: int) -> np.ndarray:
    """``values`` laid out one row per owner (``owner[i]`` the row of ``values[i]``, from 0 to
    ``rows - 1``), left to right in the order given, padded with ``fill`` to the longest row (at
    least one column): how a table's terms and payments are built from columns read from the
    database, without a Python object per value."""
    owner = np.asarray(owner, np.int64)
    values = np.asarray(values, np.int64)
    counts = np.bincount(owner, minlength=rows) if len(owner) else np.zeros(rows, np.int64)
    result = np.full((rows, max(int(counts.max(initial=0)), 1)), fill, np.int64)
    if len(owner):
        order = np.argsort(owner, kind="stable")
        owner, values = owner[order], values[order]
        first = np.cumsum(counts) - counts
        result[owner, np.arange(len(owner)) - first[owner]] = values
    return result


@dataclass(frozen=True)
class BatchResult:
    """Totals per debt, in won, row for row with the :class:`DebtTable`."""

    interest: np.ndarray
    paid: np.ndarray
    overpaid: np.ndarray
    principal_outstanding: np.ndarray
    interest_outstanding: np.ndarray

    @property
    def outstanding(self) -> np.ndarray:
        return self.principal_outstanding + self.interest_outstanding


def _leap_years(year: np.ndarray) -> np.ndarray:
    return year // 4 - year // 100 + year // 400


def _is_leap(year: np.ndarray) -> np.ndarray:
    return (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))


def _split(start: np.ndarray, after: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Whole years, remaining days and N, as :func:`amends.law.interest._split` computes them."""
    day = (start - _EPOCH).astype("datetime64[D]")
    year_start = day.astype("datetime64[Y]")
    month_start = day.astype("datetime64[M]")
    year = year_start.astype(np.int64) + 1970
    month = (month_start - year_start).astype(np.int64) + 1
    early = month <= 2

    def anniversary(years: np.ndarray) -> np.ndarray:
        leaps = np.where(
            early,
            _leap_years(year + years - 1) - _leap_years(year - 1),
            _leap_years(year + years) - _leap_years(year),
        )
        return start + 365 * years + leaps

    years = (after - start) // 365
    since = anniversary(years)
    while (over := since > after).any():
        years = years - over
        since = anniversary(years)
    # N: the length of the next year counted from the start, 29 February starts included (see there).
    anniversary_year = year + years + (month > 2)
    return years, after - since, np.where(_is_leap(anniversary_year), 366, 365)


def delay_damages_many(table: DebtTable, *, rounding: Rounding = Rounding.FLOOR) -> BatchResult:
    """Totals of :func:`~amends.law.interest.delay_damages` for every debt of ``table``.

    The table must hold valid debts (:meth:`DebtTable.from_debts` validates them).
    """
    return _many(table, rounding, None)


@dataclass(frozen=True)
class Pieces:
    """Each debt's figures as a straight line in the date, from its ``until`` (T) on, row for row with
    the :class:`DebtTable` (see :func:`pieces_many`). On a day D from T to ``last`` (ordinals, both
    inclusive), with ``extra = (remainder + per_day × (D − T)) // denominator``:

    - delay damages = ``totals.interest + extra``, outstanding = ``totals.outstanding + extra``;
    - money applied (``totals.paid``) and the principal do not change.

    A row whose ``last`` is before its T holds no line (its numbers could pass 64 bits): compute it."""

    totals: BatchResult
    remainder: np.ndarray  # 0 ≤ remainder < denominator: the last stretch's interest not yet a whole won
    per_day: np.ndarray  # what each further day adds, in 1/denominator won
    last: np.ndarray  # the last day (ordinal) the line holds
    denominator: int


# A line is kept at most this many days past T: the roll recomputes it before, and the numbers a
# database adds stay far below 64 bits (remainder + per_day × days).
PIECE_DAYS = 366


def pieces_many(table: DebtTable, *, horizon: np.ndarray | None = None) -> Pieces:
    """:func:`delay_damages_many` on ``table`` (rounded down, as the judgments are), and for each debt
    how its figures go on after its ``until`` (T) while nothing is paid: simple interest, so a straight
    line in the day until the next accrual term starts or, by the period method, the next whole year
    of the line begins (N changes). Interest since the last payment is rounded once, on the evaluation
    day, so that day's figure is the line's whole part: the line keeps the fraction of a won exactly.

    ``horizon`` (ordinals, per row): a day after which the line must not be used (something the table
    does not show changes then). Lines end at most :data:`PIECE_DAYS` days after T."""
    extra: dict = {}
    totals = _many(table, Rounding.FLOOR, extra)
    count = len(table)
    until = table.until
    last = np.minimum(until + PIECE_DAYS, _NEVER - 1)
    if horizon is not None:
        last = np.minimum(last, horizon)
    # The next accrual term to start after T ends the line the day before.
    later = np.where(table.starts > until[:, None], table.starts, _NEVER)
    last = np.minimum(last, later.min(axis=1, initial=_NEVER) - 1)

    # The term that accrues on day T + 1, and the line's first day: after the last payment, or the term's.
    tomorrow = until + 1
    started = (table.starts <= tomorrow[:, None]) & (table.starts != _NEVER)
    term = np.maximum(started.sum(axis=1) - 1, 0)
    rows = np.arange(count)
    rate = np.where(started.any(axis=1), table.rates[rows, term], 0)
    line_start = np.maximum(extra["cursor"], table.starts[rows, term])
    base = totals.principal_outstanding
    per_day = base * rate * 366
    if table.period.any():
        # By the period method a day adds rate / N, N the length of the line's current year, which
        # ends the day before its next anniversary.
        safe = np.minimum(line_start, tomorrow)
        _years, days, year_length = _split(safe, tomorrow)
        period = table.period & (line_start <= tomorrow)
        per_day = np.where(period, base * rate * (_YEARS // year_length), per_day)
        last = np.where(period, np.minimum(last, until - days + year_length), last)
    per_day = np.where(base > 0, per_day, 0)

    # Rows the engine computed by the scalar path, or whose line could pass 64 bits: no line.
    unsafe = np.zeros(count, bool)
    unsafe[extra["scalar"]] = True
    unsafe |= per_day.astype(np.float64) * (PIECE_DAYS + 1) >= _SAFE
    last = np.where(unsafe, until - 1, last)
    return Pieces(
        totals=totals,
        remainder=np.where(unsafe, 0, extra["remainder"]),
        per_day=np.where(unsafe, 0, per_day),
        last=last,
        denominator=table.rate_denominator * _YEARS,
    )


def _many(table: DebtTable, rounding: Rounding, extra: dict | None) -> BatchResult:
    """:func:`delay_damages_many`; with ``extra`` (a dict) also leaves there, per row, the day after
    the last payment (``cursor``) and the last stretch's interest not rounded (``remainder``, in
    1/denominator won), and which rows took the scalar path (``scalar``)."""
    if rounding != Rounding.FLOOR and rounding != Rounding.HALF_UP:
        raise ValueError(f"unknown rounding {rounding!r}")
    count, terms = table.starts.shape
    denominator = table.rate_denominator * _YEARS
    # Rows whose numbers could pass 64 bits: no line's units exceed base × rate × days × 366.
    span = (table.until - table.starts[:, 0] + 1).astype(np.float64)
    bound = table.principal.astype(np.float64) * table.rates.max(axis=1) * span * 366 * 2
    scalar_rows = np.flatnonzero(bound >= _SAFE)

    afters = np.concatenate([table.starts[:, 1:], np.full((count, 1), _NEVER, np.int64)], axis=1)
    order = np.argsort(table.payment_days, axis=1, kind="stable")
    payment_days = np.take_along_axis(table.payment_days, order, axis=1)
    payment_amounts = np.take_along_axis(table.payment_amounts, order, axis=1)
    payments = (payment_days != _NEVER).sum(axis=1)

    base = table.principal.copy()
    cursor = table.starts[:, 0].copy()
    carried = np.zeros(count, np.int64)
    interest = np.zeros(count, np.int64)
    paid = np.zeros(count, np.int64)
    overpaid = np.zeros(count, np.int64)
    safe_day = np.int64(_EPOCH)
    remainder = np.zeros(count, np.int64)
    line_cursor = cursor.copy()

    starts, rates, period, until = table.starts, table.rates, table.period, table.until
    for stop in range(payment_days.shape[1] + 1):
        # Only the rows with this stop (a payment, or the end): after the first stop they are the rows
        # with that many payments, a few of them; every array below is theirs alone (issue 14).
        rows = np.flatnonzero(stop <= payments)
        if not len(rows):
            break
        is_payment = stop < payments[rows]
        row_base, row_cursor = base[rows], cursor[rows]
        stop_day = payment_days[rows, stop] if stop < payment_days.shape[1] else until[rows]
        stop_after = np.where(is_payment, stop_day, until[rows]) + 1
        accrued = np.zeros(len(rows), np.int64)
        for term in range(terms):
            line_start = np.maximum(row_cursor, starts[rows, term])
            line_after = np.minimum(stop_after, afters[rows, term])
            active = (row_base > 0) & (line_after > line_start)
            if not active.any():
                continue
            start = np.where(active, line_start, safe_day)
            after = np.where(active, line_after, safe_day + 1)
            years, days, year_length = _split(start, after)
            scaled = row_base * rates[rows, term]
            by_period = scaled * (years * year_length + days) * (_YEARS // year_length)
            by_days = scaled * (after - start) * 366
            accrued += np.where(active, np.where(period[rows], by_period, by_days), 0)
        if extra is not None:
            ending = rows[~is_payment]
            remainder[ending] = accrued[~is_payment] % denominator
            line_cursor[ending] = row_cursor[~is_payment]
        cursor[rows] = np.where(stop_after > row_cursor, stop_after, row_cursor)
        if rounding == Rounding.FLOOR:
            rounded = accrued // denominator
        else:
            rounded = (2 * accrued + denominator) // (2 * denominator)
        interest[rows] += rounded
        row_carried = carried[rows] + rounded
        amount = np.where(is_payment, payment_amounts[rows, min(stop, payment_amounts.shape[1] - 1)], 0)
        to_interest = np.minimum(amount, row_carried)
        rest = amount - to_interest
        to_principal = np.minimum(rest, row_base)
        carried[rows] = row_carried - to_interest
        base[rows] = row_base - to_principal
        paid[rows] += to_interest + to_principal
        overpaid[rows] += rest - to_principal

    for row in scalar_rows:
        result = delay_damages(**table.debt(row), rounding=rounding, check=False)
        interest[row], paid[row], overpaid[row] = result.interest, result.paid, result.overpaid
        base[row], carried[row] = result.principal_outstanding, result.interest_outstanding
    if extra is not None:
        extra.update(cursor=line_cursor, remainder=remainder, scalar=scalar_rows)
    return BatchResult(interest, paid, overpaid, base, carried)
