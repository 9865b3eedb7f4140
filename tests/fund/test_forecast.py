"""The forecast: what is owed on any date with delay damages running, against the money, and the day
the money runs out."""

from datetime import date
from fractions import Fraction

import pytest

from amends.law.forecast import Debt, Scenario, forecast, pending_suit_debts
from amends.law.interest import Accrual, Payment

TODAY = date(2026, 1, 1)
AWARD = Debt(100_000_000, [Accrual(date(2013, 6, 19), Fraction(20, 100))])


def test_owed_today_is_principal_and_delay_damages():
    # 100,000,000 at 20 % from 2013-06-19 to 2026-01-01: 12 whole years and 197 of 365 days
    result = forecast(debts=[AWARD], held=10**10, pledged=0, scenario=Scenario(), today=TODAY)
    assert result.owed_today == 100_000_000 + 240_000_000 + 10_794_520
    assert result.runs_out_on is None


def test_payments_reduce_what_is_owed():
    paid = Debt(AWARD.principal, AWARD.accruals, [Payment(date(2023, 4, 14), 296_438_356)])
    result = forecast(debts=[paid], held=0, pledged=0, scenario=Scenario(), today=TODAY)
    assert result.owed_today == 0


def test_the_money_runs_out_on_the_first_day_owed_exceeds_it():
    # given 100,000,000 won at 20 % from 2011-01-01 (20,000,000 a year), and 420,000,000 won held
    debt = Debt(100_000_000, [Accrual(date(2011, 1, 1), Fraction(20, 100))])
    result = forecast(debts=[debt], held=420_000_000, pledged=0, scenario=Scenario(), today=TODAY)
    # then today 15 whole years and one day are owed, on 2026-12-31 16 whole years: exactly the
    # money held; the next day the debt exceeds it
    assert result.owed_today == 100_000_000 + 15 * 20_000_000 + 20_000_000 // 365
    assert result.runs_out_on == date(2027, 1, 1)


def test_already_short_today_and_scenario_inputs_bring_the_day_forward():
    short = forecast(debts=[AWARD], held=0, pledged=0, scenario=Scenario(), today=TODAY)
    assert short.runs_out_on == TODAY
    calm = forecast(debts=[], held=10**9, pledged=0, scenario=Scenario(), today=TODAY)
    busy = forecast(
        debts=[], held=10**9, pledged=0, scenario=Scenario(new_judgments_per_year=10), today=TODAY
    )
    funded = forecast(
        debts=[],
        held=10**9,
        pledged=0,
        scenario=Scenario(new_judgments_per_year=10, contributions_per_year=5 * 10**9),
        today=TODAY,
    )
    assert calm.runs_out_on is None
    assert busy.runs_out_on is not None and TODAY < busy.runs_out_on < date(2027, 6, 1)
    assert funded.runs_out_on is None


def test_a_pending_suit_counts_from_its_expected_decision_under_the_statutory_rates():
    debts = pending_suit_debts(
        victims=2,
        award_per_victim=100_000_000,
        filed_on=date(2020, 1, 1),
        first_instance_on=date(2023, 12, 31),
        expected_decision_on=date(2027, 1, 1),
    )
    assert [(a.start, a.rate) for a in debts[0].accruals] == [
        (date(2020, 1, 1), Fraction(5, 100)),
        (date(2024, 1, 1), Fraction(12, 100)),
    ]
    result = forecast(debts=debts, held=10**10, pledged=0, scenario=Scenario(), today=TODAY, step_months=12)
    assert result.owed_today == 0
    # on 2027-01-01: 4 years at 5 % then 3 years and 1 day at 12 %
    one = 100_000_000 + 20_000_000 + 36_000_000 + 100_000_000 * 12 // 100 * 1 // 365
    assert result.points[1].on == date(2027, 1, 1)
    assert result.points[1].owed == 2 * one


def test_scenario_refuses_nonsense():
    with pytest.raises(ValueError):
        Scenario(average_award=-1)
    with pytest.raises(ValueError):
        Scenario(horizon_years=0)
