"""What the foundation owes today and on any future date, against the money it has, and the day the
money runs out. Plain Python and NumPy; the Django side (:mod:`amends.fund.forecast`) gathers the rows.

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
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

import numpy as np

from amends.law.interest import Accrual, Method, Payment
from amends.law.interest_batch import DebtTable, delay_damages_many
from amends.law.rates import estimated_accruals

YEAR = 365.2425


@dataclass(frozen=True)
class Scenario:
    """The finance officer's assumptions; every figure a whole number (won, victims, years)."""

    new_judgments_per_year: int = 0
    average_award: int = 100_000_000
    contributions_per_year: int = 0
    years_to_judgment: int = 6
    horizon_years: int = 10

    def __post_init__(self):
        for name in ("new_judgments_per_year", "average_award", "contributions_per_year"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} cannot be negative")
        if not 1 <= self.horizon_years <= 50:
            raise ValueError("horizon_years must be between 1 and 50")
        if not 1 <= self.years_to_judgment <= 30:
            raise ValueError("years_to_judgment must be between 1 and 30")


@dataclass(frozen=True)
class Debt:
    """A debt the forecast counts from ``owed_from`` (``None``: owed already)."""

    principal: int
    accruals: Sequence[Accrual]
    payments: Sequence[Payment] = ()
    method: Method = Method.PERIOD
    owed_from: date | None = None
    kind: str = "award"  # award, pending, scenario


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
    """A pending suit's estimated debts: one per victim, under the statutory rates."""
    special_from = (first_instance_on or expected_decision_on) + timedelta(days=1)
    if special_from <= filed_on:
        special_from = filed_on + timedelta(days=1)
    accruals = estimated_accruals(
        civil_from=filed_on, special_from=special_from, argument_closed=argument_closed_on
    )
    return [
        Debt(award_per_victim, accruals, owed_from=expected_decision_on, kind="pending")
        for _ in range(victims)
    ]


def scenario_debts(scenario: Scenario, *, today: date) -> list[Debt]:
    """The new judgments the scenario expects over its horizon, evenly spread."""
    count = scenario.new_judgments_per_year * scenario.horizon_years
    if not count or not scenario.average_award:
        return []
    step = YEAR / scenario.new_judgments_per_year
    debts = []
    for index in range(count):
        decided = today + timedelta(days=round((index + 0.5) * step))
        filed = decided - timedelta(days=round(scenario.years_to_judgment * YEAR))
        first_instance = filed + timedelta(days=round(scenario.years_to_judgment * YEAR / 2))
        accruals = estimated_accruals(
            civil_from=filed, special_from=first_instance + timedelta(days=1), argument_closed=first_instance
        )
        debts.append(Debt(scenario.average_award, accruals, owed_from=decided, kind="scenario"))
    return debts


class _Owed:
    """What the debts come to on any date: the arrays built once, re-evaluated per date."""

    def __init__(self, debts: Sequence[Debt], today: date):
        self.debts = [debt for debt in debts if debt.accruals or debt.principal]
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
        self.table = DebtTable.from_debts(rows, check=False) if rows else None
        self.owed_from = np.array(
            [(debt.owed_from or date.min).toordinal() for debt in self.debts], dtype=np.int64
        )
        self.kinds = np.array([debt.kind for debt in self.debts])

    def on(self, day: date) -> np.ndarray:
        """Each debt's outstanding amount on ``day`` (0 for a debt not owed yet)."""
        if self.table is None:
            return np.zeros(0, np.int64)
        until = np.full(len(self.table), day.toordinal(), np.int64)
        result = delay_damages_many(replace(self.table, until=until))
        return np.where(self.owed_from <= day.toordinal(), result.outstanding, 0)

    def total(self, day: date) -> int:
        return int(self.on(day).sum())


def forecast(
    *,
    debts: Sequence[Debt],
    held: int,
    pledged: int,
    scenario: Scenario,
    today: date,
    step_months: int = 3,
) -> Forecast:
    """What is owed and what is held from ``today`` over the scenario's horizon, every
    ``step_months``, and the day the money runs out (``None``: not within the horizon)."""
    debts = [*debts, *scenario_debts(scenario, today=today)]
    owed = _Owed(debts, today)

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
    by_kind = {kind: int(today_rows[owed.kinds == kind].sum()) for kind in ("award", "pending", "scenario")}
    return Forecast(today, scenario, held, pledged, points, runs_out_on, by_kind)


def _add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day if it has no such day."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(year, month + 1, min(day.day, monthrange(year, month + 1)[1]))
