"""Benchmark of the executives' dashboard with many creditors.

    .venv/bin/python bench/bench_dashboard.py [--creditors 100000] [--repeat 3] [--seed 1]

Creates, in a fresh database (``DATABASE_URL``; by default a temporary SQLite file, deleted after),
``--creditors`` creditors: awards of 4 creditors each (a share of 1/4), 100 awards a case, with 1 or 2
accrual terms at 5 or 20 % and, on some awards, a payment from elsewhere. About 70 % of the creditors
have a claim file, in states across the lifecycle; about 10 % were paid by the foundation (with their
proposals and reimbursement claims) between 2019 and 2025, and about 2 % have a court deposit.
Creating the data is not timed; the dashboard selector (``amends.oversight.dashboard.dashboard``), the
whole page through ``django.test.Client`` (signed in as a superuser) on its first view (the cache
emptied first) and on a repeat view (from the cache) are, ``--repeat`` times each, the best run kept.

Anchor, in the same run: one COUNT/SUM … GROUP BY over the same tables (creditors and their awards,
by case). Prints ``bench/common.py`` rows: the first view and the repeat view beside the anchor.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import row

PAY_STATES = ["paid"] * 8 + ["receipted"] * 2
OTHER_STATES = (
    ["contacted"] * 12
    + ["undecided"] * 4
    + ["applied"] * 10
    + ["verified"] * 8
    + ["payment_proposed"] * 3
    + ["payment_approved"] * 2
    + ["refused"] * 4
    + ["objected"] * 2
    + ["deposit_proposed"]
)
DEPOSIT_STATES = [
    "deposit_lodged",
    "deposit_accepted",
    "deposit_refused",
    "objection_filed",
    "objection_dismissed",
]


def create(creditors: int, seed: int) -> None:
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from amends.judgments.models import AccrualTerm, Award, Case, Court, Creditor, Defendant
    from amends.payments.models import (
        Claim,
        CourtDeposit,
        ExternalPayment,
        Payment,
        PaymentProposal,
        ReimbursementClaim,
    )
    from amends.registry.models import Person

    rng = random.Random(seed)
    user_model = get_user_model()
    clerk = user_model.objects.create_user(username="clerk")
    awards_count = creditors // 4
    with transaction.atomic():
        court = Court.objects.create(
            name_ko="대법원 (bench)", name_en="Supreme Court (bench)", level="supreme"
        )
        defendants = [
            Defendant.objects.create(
                key=f"bench-{i}", name_ko=f"피고 {i}", name_en=f"Defendant {i}", name_ja=f"被告 {i}"
            )
            for i in range(3)
        ]
        cases = Case.objects.bulk_create(
            Case(number=f"2024다{6000001 + i}", court=court, final_ruling_on=date(2018, 10, 30))
            for i in range((awards_count + 99) // 100)
        )
        links = Case.defendants.through
        links.objects.bulk_create(
            links(case_id=case.pk, defendant_id=d.pk)
            for case in cases
            for d in rng.sample(defendants, rng.choice((1, 1, 2)))
        )
        people = Person.objects.bulk_create(
            (Person(name_hangul=f"사람{i}") for i in range(awards_count * 4)), batch_size=5000
        )
        awards = Award.objects.bulk_create(
            (
                Award(
                    case=cases[i // 100],
                    victim=people[4 * i],
                    principal=rng.choice((80_000_000, 100_000_000, 150_000_000)),
                    method="period" if rng.random() < 0.5 else "days",
                )
                for i in range(awards_count)
            ),
            batch_size=5000,
        )
        terms = []
        for award in awards:
            start = date(2010, 1, 1) + timedelta(days=rng.randrange(3000))
            terms.append(AccrualTerm(award=award, starts_on=start, rate=Decimal("0.05")))
            if rng.random() < 0.8:
                terms.append(
                    AccrualTerm(
                        award=award,
                        starts_on=start + timedelta(days=rng.randrange(200, 900)),
                        rate=Decimal("0.20"),
                    )
                )
        AccrualTerm.objects.bulk_create(terms, batch_size=5000)
        ExternalPayment.objects.bulk_create(
            (
                ExternalPayment(
                    award=award,
                    paid_on=date(2022, 1, 1) + timedelta(days=rng.randrange(900)),
                    amount=rng.randrange(1_000_000, 20_000_000),
                    source="security collected",
                )
                for award in awards
                if rng.random() < 0.05
            ),
            batch_size=5000,
        )
        rows = Creditor.objects.bulk_create(
            (
                Creditor(award=award, person=people[4 * i + k], share_numerator=1, share_denominator=4)
                for i, award in enumerate(awards)
                for k in range(4)
            ),
            batch_size=5000,
        )
        claims, paid, deposits = [], [], []
        for creditor in rows:
            draw = rng.random()
            if draw < 0.30:
                continue  # no claim file: identified
            if draw < 0.40:
                state = rng.choice(PAY_STATES)
                paid.append(creditor)
            elif draw < 0.42:
                state = rng.choice(DEPOSIT_STATES)
                deposits.append(creditor)
            else:
                state = rng.choice(OTHER_STATES)
            claims.append(Claim(creditor=creditor, case_id=creditor.award.case_id, state=state))
        claims = Claim.objects.bulk_create(claims, batch_size=5000)
        claim_of = {claim.creditor_id: claim for claim in claims}
        days = [date(2019, 1, 1) + timedelta(days=rng.randrange(2500)) for _ in paid]
        amounts = [rng.randrange(20_000_000, 60_000_000) for _ in paid]
        proposals = PaymentProposal.objects.bulk_create(
            (
                PaymentProposal(
                    claim=claim_of[c.pk],
                    amount=a,
                    planned_on=d,
                    status="paid",
                    prepared_by=clerk,
                    idempotency_key=uuid.uuid4(),
                )
                for c, d, a in zip(paid, days, amounts, strict=True)
            ),
            batch_size=5000,
        )
        payments = Payment.objects.bulk_create(
            (
                Payment(creditor=c, proposal=p, amount=a, paid_on=d, bank_reference=f"B{c.pk}")
                for c, p, d, a in zip(paid, proposals, days, amounts, strict=True)
            ),
            batch_size=5000,
        )
        award_case = {award.pk: award.case_id for award in awards}
        ReimbursementClaim.objects.bulk_create(
            (
                ReimbursementClaim(
                    payment=p, case_id=award_case[c.award_id], amount=p.amount, opened_on=p.paid_on
                )
                for c, p in zip(paid, payments, strict=True)
            ),
            batch_size=5000,
        )
        CourtDeposit.objects.bulk_create(
            (
                CourtDeposit(
                    claim=claim_of[c.pk],
                    court="광주지방법원",
                    deposit_number=f"2023금{c.pk}",
                    lodged_on=date(2023, 7, 3),
                    amount=rng.randrange(20_000_000, 60_000_000),
                )
                for c in deposits
            ),
            batch_size=5000,
        )
    print(
        f"created {len(rows):,} creditors on {len(awards):,} awards in {len(cases):,} cases: "
        f"{len(claims):,} claim files, {len(paid):,} payments, {len(deposits):,} deposits"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--creditors", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    scratch = None
    if "DATABASE_URL" not in os.environ:
        scratch = tempfile.TemporaryDirectory(prefix="amends-bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{scratch.name}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from amends.core.clock import today
    from amends.oversight.dashboard import dashboard

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    # force_login passes no second factor; the sign-in itself is not what is measured here.
    settings.AMENDS_REQUIRE_2FA = False
    print(f"database: {connection.vendor} {settings.DATABASES['default']['NAME']}")
    call_command("migrate", verbosity=0)
    from amends.judgments.models import Creditor

    if Creditor.objects.exists():  # a DATABASE_URL given again: its data are reused
        print(f"reusing the {Creditor.objects.count():,} creditors already there")
    else:
        started = time.perf_counter()
        create(args.creditors, args.seed)
        print(f"  (data created in {time.perf_counter() - started:.1f} s, not timed)")

    # The stored lines of what is owed (amends.payments.owed_lines): the services write them, and the
    # bulk load above bypassed the services, so they are written here as `amends owed rebuild` or the
    # daily `amends owed roll` would (not timed with the page; their own cost is printed).
    from amends.payments import owed_lines
    from amends.payments.models import OwedLine

    started, started_cpu = time.perf_counter(), time.process_time()
    if OwedLine.objects.exists():
        print(f"  owed lines rolled: {owed_lines.roll():,} awards", end="")
    else:
        print(f"  owed lines rebuilt: {owed_lines.rebuild():,} lines", end="")
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - started_cpu
    print(f" in {seconds:.2f} s ({cpu_seconds:.2f} s CPU), not timed")

    call_command("createcachetable", verbosity=0)
    from django.core.cache import cache

    def anchor() -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT a.case_id, COUNT(*), SUM(a.principal) FROM judgments_creditor c "
                "JOIN judgments_award a ON a.id = c.award_id GROUP BY a.case_id"
            )
            cursor.fetchall()

    cpu: dict[object, list[float]] = {}

    def timed(work) -> float:
        """Wall-clock seconds of ``work()``; its CPU seconds (this process) are kept in ``cpu``, as
        the machine is shared and its wall-clock times vary with the load."""
        started, started_cpu = time.perf_counter(), time.process_time()
        work()
        cpu.setdefault(work, []).append(time.process_time() - started_cpu)
        return time.perf_counter() - started

    on = today()
    board = dashboard(on=on)
    print(
        f"  {board.totals.creditors:,} creditors, paid {board.totals.paid:,} won, "
        f"outstanding {board.totals.outstanding:,} won on {on}"
    )
    setup_test_environment()
    admin = get_user_model().objects.filter(username="bench-admin").first()  # a database reused
    admin = admin or get_user_model().objects.create_superuser(
        username="bench-admin", password="a long passphrase 7"
    )
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(admin)

    def page() -> None:
        response = client.get("/claims/dashboard/")
        assert response.status_code == 200, response.status_code

    def first_view() -> None:
        cache.clear()
        page()

    page()  # warm up: templates, translations
    from amends.law.forecast import Scenario
    from amends.oversight.forecast import fund_forecast

    scenario = Scenario(new_judgments_per_year=20, average_award=100_000_000)
    anchors, selector, first, repeat, forecasts = [], [], [], [], []

    def select() -> None:
        dashboard(on=on)

    def forecast() -> None:
        fund_forecast(today=on, scenario=scenario)

    for _ in range(args.repeat):
        # interleaved, so that the machine's load weighs on each alike
        anchors.append(timed(anchor))
        selector.append(timed(select))
        first.append(timed(first_view))
        repeat.append(timed(page))
        forecasts.append(timed(forecast))
    for name, work in (
        ("anchor", anchor),
        ("selector", select),
        ("first view", first_view),
        ("repeat view", page),
        ("forecast", forecast),
    ):
        runs = cpu[work]
        print(
            f"  CPU {name}: runs {[round(t, 4) for t in runs]}; median {statistics.median(runs):.4f} s; "
            f"median ratio to the anchor's {statistics.median(runs) / statistics.median(cpu[anchor]):.2f}×"
        )
    base = min(anchors)
    print(f"  anchor runs {[round(t, 3) for t in anchors]}; median {statistics.median(anchors):.3f} s")
    print(f"  selector runs {[round(t, 3) for t in selector]}")
    print(
        f"  first view runs {[round(t, 3) for t in first]}; repeat view runs {[round(t, 4) for t in repeat]}"
    )
    print(f"  forecast runs {[round(t, 3) for t in forecasts]}")
    count = f"{args.creditors // 1000}k" if args.creditors >= 1000 else str(args.creditors)
    row(
        f"dashboard, {count} creditors, first view ({connection.vendor})",
        amends=min(first),
        anchor=base,
        unit="s",
    )
    row(
        f"dashboard, {count} creditors, repeat view, cache ({connection.vendor})",
        amends=min(repeat),
        anchor=base,
        unit="s",
    )
    row(
        f"forecast, {count} creditors' parts, 10 years quarterly ({connection.vendor})",
        amends=min(forecasts),
        anchor=base,
        unit="s",
    )
    if scratch is not None:
        connection.close()
        scratch.cleanup()


if __name__ == "__main__":
    main()
