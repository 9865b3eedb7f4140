"""The forecast's rows: every award not fully paid, the pending suits, the money held and pledged,
handed to :func:`amends.law.forecast.forecast`; and its chart's geometry (an inline SVG).

Awards are read part by part, in columns (:func:`amends.payments.owed.held_table`), in six queries
whatever their number, with the money received on each as :mod:`amends.payments.owed` defines it
(payments, payments from elsewhere, court deposits the creditor collected), straight into the array
engine; what is held is derived from the ledger: the bank and the court deposits still outstanding.

The page reads :func:`cached_forecast`: the forecast of a day and a scenario, cached under the day,
the scenario and the head of the audit chain, as the dashboard's figures are (see
:mod:`amends.oversight.dashboard`; pending suits, contributions and ledger entries are recorded by
audited services too).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from amends.fund.models import PendingSuit
from amends.fund.selectors import account_balance, pledges_outstanding
from amends.law import ledger
from amends.law.forecast import Debt, Forecast, Scenario, forecast, pending_suit_debts
from amends.oversight.dashboard import cached, figures_key
from amends.payments.owed import held_debts, held_table


def award_debts(*, today: date) -> list[Debt]:
    """Every part of every award that one person holds, as a debt with its accrual terms and the
    money received on it up to ``today`` (:func:`amends.payments.owed.held_debts`): the forecast owes
    what the pages show, to the won."""
    return [Debt(d.principal, d.accruals, d.payments, d.method) for d in held_debts(on=today)]


def suit_debts() -> list[Debt]:
    debts = []
    for suit in PendingSuit.objects.all():
        debts.extend(
            pending_suit_debts(
                victims=suit.victims,
                award_per_victim=suit.award_per_victim,
                filed_on=suit.filed_on,
                expected_decision_on=suit.expected_decision_on,
                first_instance_on=suit.first_instance_on,
                argument_closed_on=suit.argument_closed_on,
            )
        )
    return debts


def held_today(*, today: date) -> int:
    """The bank and the court deposits outstanding, from the ledger."""
    return account_balance(ledger.BANK, on=today) + account_balance(ledger.COURT_DEPOSITS, on=today)


def fund_forecast(*, today: date, scenario: Scenario, step_months: int = 3) -> Forecast:
    return forecast(
        debts=suit_debts(),
        awards=held_table(on=today).table,
        held=held_today(today=today),
        pledged=pledges_outstanding(),
        scenario=scenario,
        today=today,
        step_months=step_months,
    )


def cached_forecast(*, today: date, scenario: Scenario, step_months: int = 3) -> Forecast:
    """:func:`fund_forecast`, from the cache when nothing was recorded since it was computed."""
    figures = (
        scenario.new_judgments_per_year,
        scenario.average_award,
        scenario.contributions_per_year,
        scenario.years_to_judgment,
        scenario.horizon_years,
        step_months,
    )
    return cached(
        figures_key("forecast", today, *figures),
        lambda: fund_forecast(today=today, scenario=scenario, step_months=step_months),
    )


@dataclass(frozen=True)
class Chart:
    """Two lines (owed, funds) over the forecast's dates, in an SVG ``viewBox`` of width × height."""

    width: int
    height: int
    top: int
    bottom: int
    peak: int
    owed_points: str
    funds_points: str
    runs_out_x: float | None


def forecast_chart(result: Forecast, *, width: int = 720, height: int = 260) -> Chart:
    top, bottom, left = 10, height - 30, 0
    points = result.points
    peak = max(max(p.owed, p.funds) for p in points) or 1
    first, last = points[0].on.toordinal(), points[-1].on.toordinal()
    span = max(last - first, 1)

    def x(day: date) -> float:
        return round(left + (width - left) * (day.toordinal() - first) / span, 2)

    def y(amount: int) -> float:
        return round(bottom - (bottom - top) * max(amount, 0) / peak, 2)

    return Chart(
        width=width,
        height=height,
        top=top,
        bottom=bottom,
        peak=peak,
        owed_points=" ".join(f"{x(p.on)},{y(p.owed)}" for p in points),
        funds_points=" ".join(f"{x(p.on)},{y(p.funds)}" for p in points),
        runs_out_x=x(result.runs_out_on) if result.runs_out_on else None,
    )
