"""Benchmark of the forecast: what is owed on every quarter of ten years, and the day the money runs
out, over many awards.

    .venv/bin/python bench/bench_forecast.py [--awards 100000] [--step-months 3]

Generates ``--awards`` final awards (80,000,000 to 150,000,000 won; one or two accrual terms at 5 %,
then 12 % to 20 %, from 2005-2024; one in five partly paid) and times
:func:`amends.law.forecast.forecast` with a scenario of 500 new judgments a year: the arrays built
once, what is owed evaluated on every date of the grid by the NumPy engine, then the day the money
runs out found by bisection. Then times the largest scenario the forecast page accepts
(:attr:`amends.law.forecast.Scenario.LIMITS`: 10,000 new judgments a year over 50 years, a row a week)
on its own. No database: the rows the Django side reads come in a few queries (see
bench_dashboard.py for those).
"""

import argparse
import random
import sys
import time
from datetime import date, timedelta
from fractions import Fraction
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from amends.law.forecast import Debt, Scenario, forecast
from amends.law.interest import Accrual, Payment

TODAY = date(2026, 1, 1)


def awards(count: int, seed: int = 0) -> list[Debt]:
    rng = random.Random(seed)
    debts = []
    for _ in range(count):
        start = date(2005, 1, 1) + timedelta(days=rng.randrange(7000))
        principal = rng.choice([80_000_000, 100_000_000, 120_000_000, 150_000_000])
        accruals = [Accrual(start, Fraction(5, 100))]
        if rng.random() < 0.7:
            accruals.append(
                Accrual(
                    start + timedelta(days=rng.randrange(30, 900)), Fraction(rng.choice([12, 15, 20]), 100)
                )
            )
        payments = []
        if rng.random() < 0.2:
            paid_on = accruals[-1].start + timedelta(days=rng.randrange(1, 400))
            if paid_on < TODAY:
                payments.append(Payment(paid_on, rng.randrange(1_000_000, 60_000_000)))
        debts.append(Debt(principal, accruals, payments))
    return debts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--awards", type=int, default=100_000)
    parser.add_argument("--step-months", type=int, default=3)
    arguments = parser.parse_args()
    debts = awards(arguments.awards)
    scenario = Scenario(new_judgments_per_year=500, average_award=100_000_000, contributions_per_year=10**10)
    # Enough money to last a while, so that the run-out day is found by bisection, not on day one.
    started = time.perf_counter()
    probe = forecast(
        debts=debts, held=0, pledged=0, scenario=Scenario(horizon_years=1), today=TODAY, step_months=12
    )
    first = time.perf_counter() - started
    held = probe.owed_today + 5 * 10**11
    started = time.perf_counter()
    result = forecast(
        debts=debts, held=held, pledged=0, scenario=scenario, today=TODAY, step_months=arguments.step_months
    )
    elapsed = time.perf_counter() - started
    print(f"awards: {arguments.awards:,}; owed today {result.owed_today:,} won")
    print(f"forecast today and one year on: {first:.2f} s")
    print(
        f"forecast over {scenario.horizon_years} years, {len(result.points)} dates, "
        f"+{scenario.new_judgments_per_year * scenario.horizon_years:,} scenario judgments: {elapsed:.2f} s; "
        f"the money runs out on {result.runs_out_on}"
    )
    limits = Scenario.LIMITS
    largest = Scenario(
        new_judgments_per_year=limits["new_judgments_per_year"][1],
        average_award=limits["average_award"][1],
        contributions_per_year=limits["contributions_per_year"][1],
        years_to_judgment=limits["years_to_judgment"][1],
        horizon_years=limits["horizon_years"][1],
    )
    started = time.perf_counter()
    result = forecast(debts=[], held=10**18, pledged=0, scenario=largest, today=TODAY)
    elapsed = time.perf_counter() - started
    print(
        f"largest scenario the page accepts: {largest.new_judgments_per_year * largest.horizon_years:,} "
        f"judgments over {largest.horizon_years} years, {len(result.points)} dates: {elapsed:.2f} s; "
        f"owed at the end {result.points[-1].owed:,} won"
    )


if __name__ == "__main__":
    main()
