"""Benchmark of money moving through the services: payments proposed, approved and confirmed per
second, beside an anchor measured in the same run.

    DATABASE_URL=... .venv/bin/python bench/bench_payments.py [--judgments 150] [--claims 300]

Uses the database DATABASE_URL names (default: a new SQLite file in a temporary folder), migrates it,
loads the demonstration with generated judgments, and walks ``--claims`` living creditors to
``verified`` through the services (not timed). Then times, through
amends.payments.services.claim_record, each with its row lock, role and four-eyes checks, the amount
fixed as of the planned date by the delay-damages engine, its timeline entry, its journal entries and
its audit events: proposing, approving and confirming every claim (planned and paid today).

The anchor is what Django and the database can do for the same three steps at the least: three
transactions a payment, each a SELECT … FOR UPDATE of the claim row, an UPDATE of it and an INSERT of
one row, through the ORM; it is timed before and after the services and the mean is the anchor.

Prints the statements each step takes (one claim, outside the timing), the steps' rates, and the row
of the README's table (:func:`bench.common.row`).
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import row

ANCHOR_TABLE = "bench_payment_anchor"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--judgments", type=int, default=150)
    parser.add_argument("--claims", type=int, default=300)
    arguments = parser.parse_args()
    scratch = tempfile.mkdtemp()
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch}/bench.sqlite3")
    os.environ.setdefault("AMENDS_VAR_DIR", scratch)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from amends.demo.judgments import add_generated_judgments, load_demo
    from amends.judgments.models import Creditor
    from amends.payments import services
    from amends.payments.models import Claim, PaymentProposal

    call_command("migrate", verbosity=0)
    if not Creditor.objects.exists():
        load_demo()
        add_generated_judgments(arguments.judgments)
    User = get_user_model()

    def user(name: str, role: str):
        person, _ = User.objects.get_or_create(username=name)
        person.groups.add(Group.objects.get_or_create(name=role)[0])
        return person

    kim, lee = user("bench-kim", "caseworker"), user("bench-lee", "legal_reviewer")
    park, choi = user("bench-park", "finance_officer"), user("bench-choi", "finance_officer")
    today = timezone.localdate().isoformat()
    creditors = list(
        Creditor.objects.filter(claim__isnull=True, share_numerator__gt=0, successors__isnull=True)
        .filter(person__death_date__isnull=True)
        .order_by("pk")[: arguments.claims + 1]
    )
    claims = []
    for creditor in creditors:
        claim = services.claim_open(creditor=creditor, by=kim)
        services.claim_record(
            claim=claim,
            event="contact",
            by=kim,
            facts={"channel": "call", "contacted_on": today, "summary": "called"},
        )
        services.claim_record(
            claim=claim,
            event="apply",
            by=kim,
            facts={
                "consent": "signed",
                "application_form": "received",
                "identity_document": "ID",
                "bank_account_document": "passbook",
            },
        )
        services.claim_record(
            claim=claim,
            event="verify",
            by=lee,
            facts={"identity": "ok", "heirship": "ok", "bank_account": "ok"},
        )
        claims.append(claim)
    probe, claims = claims[0], claims[1:]
    vendor = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}.get(connection.vendor, connection.vendor)
    print(f"database: {vendor}; claims: {len(claims)}")

    def propose(claim):
        services.claim_record(
            claim=claim, event="propose_payment", by=kim, facts={"planned_payment_date": today}
        )

    def approve(claim):
        services.claim_record(claim=claim, event="approve_payment", by=park)

    amounts: dict[int, int] = {}  # the approved amounts, as the bank's file gives them (read untimed)

    def confirm(claim):
        amount = amounts[claim.pk]
        services.claim_record(
            claim=claim,
            event="confirm_payment",
            by=choi,
            facts={"bank_confirmation": f"B-{claim.pk}", "paid_on": today, "amount_paid": str(amount)},
        )

    steps = {"propose": propose, "approve": approve, "confirm": confirm}
    counts = {}
    # Django asks SQLite once per connection whether it has JSON (a savepoint and a SELECT): asked
    # here, so that it is not counted as one of the first proposal's statements.
    assert connection.features.supports_json_field
    for step, work in steps.items():
        if step == "confirm":
            amounts[probe.pk] = probe.proposals.values_list("amount", flat=True).get()
        with CaptureQueriesContext(connection) as captured:
            work(probe)
        counts[step] = len(captured)
    print(
        "statements a step (BEGIN and COMMIT included): "
        + ", ".join(f"{step} {count}" for step, count in counts.items())
        + f"; a payment {sum(counts.values())}"
    )

    with connection.cursor() as cursor:
        key = (
            "BIGSERIAL PRIMARY KEY"
            if connection.vendor == "postgresql"
            else "INTEGER PRIMARY KEY AUTOINCREMENT"
        )
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {ANCHOR_TABLE} (id {key}, claim_id INTEGER, step TEXT)")

    def anchor() -> float:
        """Seconds for three transactions a claim: SELECT … FOR UPDATE, UPDATE, INSERT."""
        started, started_cpu = time.perf_counter(), time.process_time()
        for claim in claims:
            for step in steps:
                with transaction.atomic():
                    locked = Claim.objects.select_for_update().get(pk=claim.pk)
                    Claim.objects.filter(pk=locked.pk).update(updated_at=timezone.now())
                    with connection.cursor() as cursor:
                        cursor.execute(
                            f"INSERT INTO {ANCHOR_TABLE} (claim_id, step) VALUES (%s, %s)", [locked.pk, step]
                        )
        anchor_cpu.append(time.process_time() - started_cpu)
        return time.perf_counter() - started

    anchor_cpu: list[float] = []  # CPU seconds of each anchor run (this process)
    cpu: dict[str, float] = {}  # CPU seconds of each step over all claims (this process)

    anchor_before = anchor()
    timings = {}
    for step, work in steps.items():
        if step == "confirm":
            amounts |= dict(
                PaymentProposal.objects.filter(claim__in=claims, status="approved").values_list(
                    "claim_id", "amount"
                )
            )
        started, started_cpu = time.perf_counter(), time.process_time()
        for claim in claims:
            work(claim)
        timings[step] = time.perf_counter() - started
        # CPU seconds of this process (the machine is shared; on PostgreSQL the server's are not in it)
        cpu[step] = time.process_time() - started_cpu
        print(f"{step}: {1000 * cpu[step] / len(claims):.2f} ms CPU a claim")
    anchor_after = anchor()
    assert Claim.objects.filter(pk__in=[c.pk for c in claims], state="paid").count() == len(claims)
    anchor_ms = 1000 * sum(anchor_cpu) / len(anchor_cpu) / len(claims)
    ours_ms = 1000 * sum(cpu.values()) / len(claims)
    print(
        f"CPU a payment (this process): {ours_ms:.2f} ms; anchor {anchor_ms:.2f} ms; "
        f"{ours_ms / anchor_ms:.1f}× (less moved by other work on a shared machine than the rates below)"
    )

    anchor_seconds = (anchor_before + anchor_after) / 2
    print(
        f"anchor: {len(claims) / anchor_before:,.0f} then {len(claims) / anchor_after:,.0f} payments/s "
        "(three transactions of SELECT FOR UPDATE + UPDATE + INSERT each)"
    )
    for step, seconds in timings.items():
        row(
            f"{step} a payment ({counts[step]} statements), {vendor}",
            amends=len(claims) / seconds,
            anchor=3 * len(claims) / anchor_seconds,
            unit="steps/s",
        )
    row(
        f"a payment through the services (propose, approve, confirm; {sum(counts.values())} statements), "
        f"{vendor}",
        amends=len(claims) / sum(timings.values()),
        anchor=len(claims) / anchor_seconds,
        unit="payments/s",
    )


if __name__ == "__main__":
    main()
