"""Benchmark of the calculation core: delay damages for generated awards, on one core.

    .venv/bin/python bench/bench_interest.py [--awards 1000000] [--seed 1]

Each award has a principal of 10 to 150 million won, 1 to 3 accrual terms at the statutory rates
(5, 12, 15, 20 or 25 %), 0 to 2 payments and an evaluation date up to 8 years after its last term
starts; half use the period method. Generating the awards is not timed; computing them is, in this
one process (one core), by both engines:

- the scalar engine (amends.law.interest.delay_damages), one award at a time, with every line;
- the array engine (amends.law.interest_batch), totals for all awards at once: timed on the table
  alone, and again including building the table from the same Python objects.

Prints awards per second and a checksum per engine (they must agree).
"""

import argparse
import random
import time
from datetime import date, timedelta
from fractions import Fraction

from amends.law.interest import Accrual, Method, Payment, delay_damages, validate
from amends.law.interest_batch import DebtTable, delay_damages_many
from amends.law.money import Rounding

RATES = [Fraction(r, 100) for r in (5, 12, 15, 20, 25)]


def generate(count: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    awards = []
    for _ in range(count):
        day = date(2003, 6, 1) + timedelta(days=rng.randrange(7000))
        start = day
        accruals = []
        for _ in range(rng.randint(1, 3)):
            accruals.append(Accrual(day, rng.choice(RATES)))
            day += timedelta(days=rng.randrange(30, 900))
        until = day + timedelta(days=rng.randrange(0, 2922))
        span = (until - start).days + 1
        payments = [
            Payment(start + timedelta(days=rng.randrange(span)), rng.randrange(1_000_000, 80_000_000))
            for _ in range(rng.randint(0, 2))
        ]
        awards.append(
            {
                "principal": rng.randrange(10_000_000, 150_000_001),
                "accruals": accruals,
                "until": until,
                "payments": payments,
                "method": Method.PERIOD if rng.random() < 0.5 else Method.DAYS,
                "rounding": Rounding.FLOOR,
            }
        )
    return awards


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--awards", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    arguments = parser.parse_args()

    awards = generate(arguments.awards, arguments.seed)
    lines = sum(len(a["accruals"]) + len(a["payments"]) for a in awards)
    print(f"awards: {len(awards):,} ({lines / len(awards):.2f} accrual terms and payments each)")

    started = time.perf_counter()
    for award in awards:
        validate(
            principal=award["principal"],
            accruals=award["accruals"],
            until=award["until"],
            payments=award["payments"],
        )
    validated = time.perf_counter() - started
    print(f"validation alone: {len(awards) / validated:,.0f} awards/s")

    checksum = 0
    started = time.perf_counter()
    for award in awards:
        checksum += delay_damages(**award, check=False).outstanding
    computed = time.perf_counter() - started
    print(f"scalar engine: {len(awards) / computed:,.0f} awards/s ({computed:.2f} s); checksum {checksum:,}")

    started = time.perf_counter()
    table = DebtTable.from_debts(awards, check=False)
    built = time.perf_counter()
    result = delay_damages_many(table)
    done = time.perf_counter()
    checksum = int(result.outstanding.sum())
    print(
        f"array engine: {len(awards) / (done - built):,.0f} awards/s on the table ({done - built:.2f} s), "
        f"{len(awards) / (done - started):,.0f} awards/s with building it ({done - started:.2f} s); "
        f"checksum {checksum:,}"
    )


if __name__ == "__main__":
    main()
