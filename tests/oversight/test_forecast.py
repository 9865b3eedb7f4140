"""The forecast: what is owed on any date with delay damages running, against the money, and the day
the money runs out."""

from datetime import date
from fractions import Fraction

import pytest

from amends.law.forecast import (
    Debt,
    Scenario,
    ScenarioError,
    forecast,
    pending_suit_debts,
    scenario_debts,
)
from amends.law.interest import Accrual, Payment, delay_damages
from amends.oversight.forecast import award_debts, fund_forecast
from amends.payments import services as payments
from tests.fund.test_ledger import refused_claim_with_deposit

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


def test_scenario_refuses_nonsense_naming_each_figure():
    with pytest.raises(ValueError):
        Scenario(average_award=-1)
    with pytest.raises(ValueError):
        Scenario(horizon_years=0)
    # figures a forecast cannot compute in time, or in 64 bits, are refused by name
    with pytest.raises(ScenarioError) as refused:
        Scenario(new_judgments_per_year=20_000, average_award=10**18, contributions_per_year=10**14)
    assert [name for name, _low, _high in refused.value.problems] == [
        "new_judgments_per_year",
        "average_award",
        "contributions_per_year",
    ]
    assert "new_judgments_per_year must be a whole number from 0 to 10,000" in str(refused.value)
    with pytest.raises(ScenarioError, match="horizon_years"):
        Scenario(horizon_years=51)
    with pytest.raises(ScenarioError, match="years_to_judgment"):
        Scenario(years_to_judgment=True)


def test_the_largest_scenario_is_a_row_a_week_and_counts_every_judgment():
    scenario = Scenario(new_judgments_per_year=10_000, average_award=10**9, horizon_years=50)
    debts = scenario_debts(scenario, today=TODAY)
    assert len(debts) <= 53 * 50  # a row a week
    assert sum(debt.count for debt in debts) == 500_000
    # and a few a year are each decided on their own day
    few = scenario_debts(Scenario(new_judgments_per_year=10), today=TODAY)
    assert len(few) == 100 and {debt.count for debt in few} == {1}
    assert few[0].owed_from == date(2026, 1, 19)  # half of 36.5 days in


def test_the_largest_scenario_stays_positive_and_beyond_the_money():
    scenario = Scenario(
        new_judgments_per_year=10_000, average_award=10**9, contributions_per_year=10**13, horizon_years=50
    )
    result = forecast(debts=[AWARD], held=0, pledged=0, scenario=scenario, today=TODAY, step_months=12)
    assert all(point.owed > 0 for point in result.points)
    assert result.points[-1].owed > 500_000 * 10**9
    assert result.runs_out_on == TODAY


def test_totals_beyond_64_bits_are_exact():
    # given four debts of 2^62 won (one row counted four times): 2^64 won, beyond int64
    result = forecast(debts=[Debt(2**62, [], count=4)], held=0, pledged=0, scenario=Scenario(), today=TODAY)
    assert result.owed_today == 2**64
    assert result.owed_today_by_kind["award"] == 2**64
    # and a single debt whose delay damages pass 2^63 won
    big = Debt(2**62, [Accrual(date(2000, 1, 1), Fraction(1, 5))])
    result = forecast(debts=[big], held=0, pledged=0, scenario=Scenario(), today=TODAY, step_months=12)
    assert result.owed_today > 2**63


def test_a_pending_suit_is_one_row_counted_once_a_victim():
    (debt,) = pending_suit_debts(
        victims=1_000_000,
        award_per_victim=100_000_000,
        filed_on=date(2020, 1, 1),
        expected_decision_on=date(2025, 1, 1),
    )
    assert debt.count == 1_000_000
    one = forecast(
        debts=[Debt(debt.principal, debt.accruals, owed_from=debt.owed_from)],
        held=0,
        pledged=0,
        scenario=Scenario(),
        today=TODAY,
    )
    many = forecast(debts=[debt], held=0, pledged=0, scenario=Scenario(), today=TODAY)
    assert many.owed_today == 1_000_000 * one.owed_today


@pytest.mark.django_db
def test_a_deposit_the_creditor_collected_is_paid_from_the_day_it_was_lodged(creditors, staff):
    # given a court deposit of 300,819,672 won (all he was owed) lodged on 2023-07-03 for the second creditor
    claim = refused_claim_with_deposit(creditors[1], staff)
    award = creditors[1].award
    before = fund_forecast(today=TODAY, scenario=Scenario())
    assert before.held == 0  # 300,819,672 out of the bank, 300,819,672 with the court
    # when the deposit officer accepts it and the creditor collects it
    payments.claim_record(
        claim=claim, event="officer_accepts", by=staff["kim"], facts={"decided_on": "2023-07-05"}
    )
    payments.claim_record(
        claim=claim, event="creditor_collects", by=staff["kim"], facts={"collected_on": "2024-02-20"}
    )
    # then it counts as paid on the award on the day it was lodged
    debts = award_debts(today=TODAY)
    award_index = list(type(award).objects.order_by("pk").values_list("pk", flat=True)).index(award.pk)
    assert list(debts[award_index].payments) == [Payment(date(2023, 7, 3), 300_819_672)]
    # and what is owed on the award is what the interest engine says of it with that payment: nothing
    # (the deposit was the whole debt on the day), as what is held is 300,819,672 won less: the money
    # is no longer the foundation's, and no longer owed
    terms = [Accrual(date(2013, 6, 19), Fraction(20, 100))]

    def owed(payments=()):
        result = delay_damages(principal=100_000_000, accruals=terms, until=TODAY, payments=payments)
        return result.principal_outstanding + result.interest_outstanding

    paid = owed([Payment(date(2023, 7, 3), 300_819_672)])
    assert paid == 0
    after = fund_forecast(today=TODAY, scenario=Scenario())
    assert after.held == -300_819_672
    assert after.owed_today == before.owed_today - owed() + paid
    # before it is collected (on a day before collection) it is not a payment
    assert not award_debts(today=date(2024, 2, 19))[award_index].payments
