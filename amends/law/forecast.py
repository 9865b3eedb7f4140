"""What the foundation owes today and on any future date, against the money it has, and the day the
money runs out. Plain Python and NumPy; the Django side (:mod:`amends.oversight.forecast`) gathers the rows.

**What is owed** on a date is the sum, over every debt already owed by then, of its principal and
delay damages to that date less what was paid (:mod:`amends.law.interest_batch`; nothing is paid
after today in a forecast: it asks what paying everyone would cost). The debts are

- every final award not fully paid, with its own accrual terms and the payments received;
- every pending suit, counted from its expected decision, each victim's estimated award accruing
  under the statutory rates (:func:`amends.law.rates.estimated_accruals`) from the filing;
- the scenario's new judgments: ``new_judgments_per_year`` victims a year, evenly spread, each
  awarded ``average_award``, with the Civil Act rate from ``years_to_judgment`` before the decision
  and the special rate from half-way (the first-instance judgment, typically).

**The money** on a date is what is held today (the bank and the court deposits still outstanding,
which either discharge a debt or come back), plus pledges not yet received (assumed received today:
an optimistic reading the page states), plus ``contributions_per_year`` accrued evenly from today.

**The money runs out** on the first day on which what is owed exceeds the money: from that day the
foundation could not pay everyone it owes. That day is found on the grid of evaluation dates, then to
the day by bisection. If it is today, the money has already run out.

**Size.** Identical debts are one row with a ``count`` (the victims of a pending suit; the scenario's
new judgments decided on the same day, or the same week beyond 52 a year), so a scenario costs at
most a row a week of its horizon whatever its number of judgments. The scenario's figures are
bounded (:attr:`Scenario.LIMITS`) so that its rows stay within the array engine's 64-bit range;
totals are summed exactly, in Python integers when 64 bits could overflow.
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import ClassVar

import numpy as np

from amends.law.interest import Accrual, Method, Payment, delay_damages
from amends.law.interest_batch import NEVER, DebtTable, delay_damages_many
from amends.law.rates import estimated_accruals

YEAR = 365.2425


class ScenarioError(ValueError):
    """Scenario figures out of bounds: ``problems`` lists ``(field, lowest, highest)`` for each."""

    def __init__(self, problems: list[tuple[str, int, int]]):
        self.problems = problems
        super().__init__(
            "; ".join(
                f"{name} must be a whole number from {low:,} to {high:,}" for name, low, high in problems
            )
        )


@dataclass(frozen=True)
class Scenario:
    """The finance officer's assumptions; every figure a whole number (won, victims, years) within
    :attr:`LIMITS`, else :class:`ScenarioError` naming each figure out of bounds.

    The bounds are far beyond any real case (awards were 80,000,000 to 150,000,000 won a victim) and
    keep the forecast fast and exact: a new judgment's debt runs for at most ``years_to_judgment +
    horizon_years`` years, and at 1,000,000,000 won it stays within the 64-bit range of the array
    engine (:mod:`amends.law.interest_batch`); larger principals would fall back to the scalar engine,
    a row at a time."""

    new_judgments_per_year: int = 0
    average_award: int = 100_000_000
    contributions_per_year: int = 0
    years_to_judgment: int = 6
    horizon_years: int = 10

    LIMITS: ClassVar[dict[str, tuple[int, int]]] = {
        "new_judgments_per_year": (0, 10_000),
        "average_award": (0, 1_000_000_000),
        "contributions_per_year": (0, 10**13),
        "years_to_judgment": (1, 30),
        "horizon_years": (1, 50),
    }

    def __post_init__(self):
        problems = []
        for name, (low, high) in self.LIMITS.items():
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                problems.append((name, low, high))
        if problems:
            raise ScenarioError(problems)


@dataclass(frozen=True)
class Debt:
    """A debt the forecast counts from ``owed_from`` (``None``: owed already), ``count`` times
    (``count`` identical debts: the victims of one pending suit, say)."""

    principal: int
    accruals: Sequence[Accrual]
    payments: Sequence[Payment] = ()
    method: Method = Method.PERIOD
    owed_from: date | None = None
    kind: str = "award"  # award, pending, scenario
    count: int = 1


@dataclass(frozen=True)
class Point:
    on: date
    owed: int
    funds: int

    @property
    def surplus(self) -> int:
        return self.funds - self.owed


@dataclass(frozen=True)
class Forecast:
    today: date
    scenario: Scenario
    held: int
    pledged: int
    points: list[Point]
    runs_out_on: date | None
    owed_today_by_kind: dict[str, int] = field(default_factory=dict)

    @property
    def owed_today(self) -> int:
        return self.points[0].owed


def pending_suit_debts(
    *,
    victims: int,
    award_per_victim: int,
    filed_on: date,
    expected_decision_on: date,
    first_instance_on: date | None = None,
    argument_closed_on: date | None = None,
) -> list[Debt]:
    """A pending suit's estimated debts: one per victim (one row counted ``victims`` times), under the
    statutory rates."""
    special_from = (first_instance_on or expected_decision_on) + timedelta(days=1)
    if special_from <= filed_on:
        special_from = filed_on + timedelta(days=1)
    accruals = estimated_accruals(
        civil_from=filed_on, special_from=special_from, argument_closed=argument_closed_on
    )
    if victims <= 0:
        return []
    return [Debt(award_per_victim, accruals, owed_from=expected_decision_on, kind="pending", count=victims)]


def scenario_debts(scenario: Scenario, *, today: date) -> list[Debt]:
    """The new judgments the scenario expects over its horizon, evenly spread: one row a decision
    day, counted as many times as judgments fall on it. Beyond 52 judgments a year, each week's are
    taken as decided together, mid-week (days later or earlier make no difference a forecast could
    show), so that a scenario costs at most a row a week however many judgments it assumes."""
    count = scenario.new_judgments_per_year * scenario.horizon_years
    if not count or not scenario.average_award:
        return []
    step = YEAR / scenario.new_judgments_per_year
    offsets = np.round((np.arange(count) + 0.5) * step).astype(np.int64)
    if step < 7:
        offsets = offsets // 7 * 7 + 3
    days, judgments = np.unique(offsets, return_counts=True)
    to_judgment = timedelta(days=round(scenario.years_to_judgment * YEAR))
    to_first_instance = timedelta(days=round(scenario.years_to_judgment * YEAR / 2))
    debts = []
    for offset, number in zip(days.tolist(), judgments.tolist(), strict=True):
        decided = today + timedelta(days=offset)
        filed = decided - to_judgment
        first_instance = filed + to_first_instance
        accruals = estimated_accruals(
            civil_from=filed, special_from=first_instance + timedelta(days=1), argument_closed=first_instance
        )
        debts.append(Debt(scenario.average_award, accruals, owed_from=decided, kind="scenario", count=number))
    return debts


# Below this, a sum of int64 products cannot overflow (the float estimate errs by far less).
_SAFE_TOTAL = 2**62


def _accruing_from(table: DebtTable, today: date) -> DebtTable:
    """``table`` with a rate of 0 from ``today`` for the rows that have no accrual terms, as a
    :class:`Debt` without terms is computed."""
    none = table.starts[:, 0] == NEVER
    if not none.any():
        return table
    starts = table.starts.copy()
    starts[none, 0] = today.toordinal()
    return replace(table, starts=starts)


class _Owed:
    """What the debts come to on any date: the arrays built once, re-evaluated per date."""

    def __init__(self, debts: Sequence[Debt], today: date, awards: DebtTable | None = None):
        # Rows in the order they become owed, so that those owed by a day are a prefix of the table:
        # a day early in the horizon evaluates only the debts owed by then. ``awards`` (debts owed
        # already, each counted once, as columns) come first.
        debts = [debt for debt in debts if (debt.accruals or debt.principal) and debt.count > 0]
        self.debts = sorted(debts, key=lambda debt: debt.owed_from or date.min)
        rows = [
            {
                "principal": debt.principal,
                "accruals": debt.accruals or [Accrual(today, 0)],
                "until": today,
                "payments": [p for p in debt.payments if p.on <= today],
                "method": debt.method,
            }
            for debt in self.debts
        ]
        tables = [DebtTable.from_debts(rows, check=False)] if rows else []
        given = 0
        if awards is not None and len(awards):
            tables.insert(0, _accruing_from(awards, today))
            given = len(awards)
        self.table = DebtTable.concat(tables) if tables else None
        self.size = given + len(self.debts)
        self.owed_from = np.concatenate(
            [
                np.full(given, date.min.toordinal(), np.int64),
                np.array([(debt.owed_from or date.min).toordinal() for debt in self.debts], dtype=np.int64),
            ]
        )
        self.counts = np.concatenate(
            [np.ones(given, np.int64), np.array([debt.count for debt in self.debts], dtype=np.int64)]
        )
        self.kinds = np.concatenate(
            [
                np.full(given, "award", dtype=object),
                np.array([debt.kind for debt in self.debts], dtype=object),
            ]
        )

    def on(self, day: date) -> np.ndarray:
        """Each row's outstanding amount on ``day``, for one debt (0 for a debt not owed yet)."""
        outstanding = np.zeros(self.size, np.int64)
        owed = int(np.searchsorted(self.owed_from, day.toordinal(), side="right"))
        if owed:
            table = self.table
            prefix = DebtTable(
                table.principal[:owed],
                table.starts[:owed],
                table.rates[:owed],
                table.rate_denominator,
                np.full(owed, day.toordinal(), np.int64),
                table.payment_days[:owed],
                table.payment_amounts[:owed],
                table.period[:owed],
            )
            try:
                outstanding[:owed] = delay_damages_many(prefix).outstanding
            except OverflowError:
                # A debt beyond 64 bits (a principal near 9.2 × 10^18 won): every row in Python
                # integers, slowly but exactly.
                outstanding = outstanding.astype(object)
                for row in range(owed):
                    result = delay_damages(**prefix.debt(row), check=False)
                    outstanding[row] = result.principal_outstanding + result.interest_outstanding
        return outstanding

    def sum(self, outstanding: np.ndarray, rows: np.ndarray | None = None) -> int:
        """The exact total of ``outstanding`` times each row's count (of the ``rows`` selected)."""
        counts = self.counts if rows is None else self.counts[rows]
        if rows is not None:
            outstanding = outstanding[rows]
        estimate = float(np.abs(outstanding.astype(np.float64)) @ counts.astype(np.float64))
        if estimate < _SAFE_TOTAL:
            return int(outstanding @ counts)
        return sum(int(amount) * int(count) for amount, count in zip(outstanding, counts, strict=True))

    def total(self, day: date) -> int:
        return self.sum(self.on(day))


def forecast(
    *,
    debts: Sequence[Debt],
    held: int,
    pledged: int,
    scenario: Scenario,
    today: date,
    step_months: int = 3,
    awards: DebtTable | None = None,
) -> Forecast:
    """What is owed and what is held from ``today`` over the scenario's horizon, every
    ``step_months``, and the day the money runs out (``None``: not within the horizon).
    ``awards``: more debts owed already (kind "award", each counted once), as the array engine's
    table (its rows' terms as recorded, their payments up to ``today``): the same as listing them
    in ``debts``, without a Python object per debt."""
    debts = [*debts, *scenario_debts(scenario, today=today)]
    owed = _Owed(debts, today, awards)

    def funds(day: date) -> int:
        elapsed = (day - today).days
        return held + pledged + scenario.contributions_per_year * elapsed // round(YEAR)

    dates = [today]
    months = step_months
    end = _add_months(today, 12 * scenario.horizon_years)
    while (day := _add_months(today, months)) <= end:
        dates.append(day)
        months += step_months
    points = [Point(day, owed.total(day), funds(day)) for day in dates]

    runs_out_on = None
    for index, point in enumerate(points):
        if point.owed > point.funds:
            if index == 0:
                runs_out_on = today
                break
            low, high = points[index - 1].on, point.on  # solvent on low, short on high
            while (high - low).days > 1:
                middle = low + (high - low) / 2
                if owed.total(middle) > funds(middle):
                    high = middle
                else:
                    low = middle
            runs_out_on = high
            break

    today_rows = owed.on(today)
    by_kind = {kind: owed.sum(today_rows, owed.kinds == kind) for kind in ("award", "pending", "scenario")}
    return Forecast(today, scenario, held, pledged, points, runs_out_on, by_kind)


def _add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day if it has no such day."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(year, month + 1, min(day.day, monthrange(year, month + 1)[1]))
