"""Benchmark of money moving through the services: proposals approved and confirmed per second.

    DATABASE_URL=... .venv/bin/python bench/bench_payments.py [--judgments 150] [--claims 300]

Uses the database DATABASE_URL names (default: a new SQLite file in a temporary folder), migrates it,
loads the demonstration with generated judgments, and walks ``--claims`` creditors to ``verified``
through the services (not timed). Then times, through amends.payments.services.claim_record, each
with its row lock, role and four-eyes checks, the amount fixed as of the planned date by the
delay-damages engine, its timeline entry and its audit event: proposing, approving and confirming
every claim. Prints proposals per second for each step and for the three together.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


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
    from django.db import connection

    from amends.demo.judgments import add_generated_judgments, load_demo
    from amends.judgments.models import Creditor
    from amends.payments import services
    from amends.payments.models import Claim

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
    creditors = list(Creditor.objects.filter(claim__isnull=True).order_by("pk")[: arguments.claims])
    claims = []
    for creditor in creditors:
        claim = services.claim_open(creditor=creditor, by=kim)
        services.claim_record(
            claim=claim,
            event="contact",
            by=kim,
            facts={"channel": "call", "contacted_on": "2024-01-02", "summary": "called"},
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
    print(f"database: {connection.vendor}; claims: {len(claims)}")

    timings = {}
    started = time.perf_counter()
    for claim in claims:
        services.claim_record(
            claim=claim, event="propose_payment", by=kim, facts={"planned_payment_date": "2024-06-28"}
        )
    timings["propose"] = time.perf_counter() - started
    started = time.perf_counter()
    for claim in claims:
        services.claim_record(claim=claim, event="approve_payment", by=park)
    timings["approve"] = time.perf_counter() - started
    started = time.perf_counter()
    for claim in claims:
        amount = claim.proposals.get().amount
        services.claim_record(
            claim=claim,
            event="confirm_payment",
            by=choi,
            facts={"bank_confirmation": f"B-{claim.pk}", "paid_on": "2024-06-28", "amount_paid": str(amount)},
        )
    timings["confirm"] = time.perf_counter() - started
    assert Claim.objects.filter(pk__in=[c.pk for c in claims], state="paid").count() == len(claims)
    for step, seconds in timings.items():
        print(f"{step}: {len(claims) / seconds:,.0f} per second ({seconds:.2f} s)")
    total = sum(timings.values())
    print(f"proposed, approved and confirmed: {len(claims) / total:,.1f} payments per second ({total:.2f} s)")


if __name__ == "__main__":
    main()
