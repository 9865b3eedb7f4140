"""The forecast's rows: every award not fully paid, the pending suits, the money held and pledged,
handed to :func:`amends.law.forecast.forecast`; and its chart (:mod:`amends.core.charts`).

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

from datetime import date

from django.utils.translation import gettext

from amends.audit.figures import cached, figures_key
from amends.core import charts
from amends.fund.models import PendingSuit
from amends.fund.selectors import account_balance, pledges_outstanding
from amends.law import ledger
from amends.law.forecast import Debt, Forecast, Scenario, forecast, pending_suit_debts
from amends.oversight.dashboard import CACHE_VERSION
from amends.payments.owed import held_debts, held_table

# The lines' colours, as the legend under the chart shows them (amends.css: .legend-owed, .legend-funds).
OWED_COLOUR, FUNDS_COLOUR = "#c0392b", "#0172ad"


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
        figures_key(f"forecast-v{CACHE_VERSION}", today, *figures),
        lambda: fund_forecast(today=today, scenario=scenario, step_months=step_months),
    )


def forecast_chart(result: Forecast) -> charts.Chart:
    """What is owed and the money held and expected on each of the forecast's dates, as two lines
    on a date axis, with the day the money runs out marked; labelled in the reader's language."""
    points = result.points
    runs_out = result.runs_out_on
    return charts.date_lines(
        [
            (gettext("owed"), OWED_COLOUR, False, [(p.on, p.owed) for p in points]),
            (gettext("money held and expected"), FUNDS_COLOUR, True, [(p.on, p.funds) for p in points]),
        ],
        id="forecast-chart",
        title=gettext("Owed and held over time"),
        desc=gettext(
            "Two lines from %(first)s to %(last)s: what is owed (solid), from %(owed_first)s to "
            "%(owed_last)s won, and the money held and expected (dashed), from %(funds_first)s to "
            "%(funds_last)s won; the table below gives every date."
        )
        % {
            "first": f"{points[0].on:%Y-%m-%d}",
            "last": f"{points[-1].on:%Y-%m-%d}",
            "owed_first": charts.won(points[0].owed),
            "owed_last": charts.won(points[-1].owed),
            "funds_first": charts.won(points[0].funds),
            "funds_last": charts.won(points[-1].funds),
        },
        x_label=gettext("Date"),
        y_label=gettext("won"),
        marker=(runs_out, gettext("The money runs out")) if runs_out else None,
    )
