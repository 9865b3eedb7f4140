"""Simultaneous approvals of one proposal produce one approval and one payment, proven on PostgreSQL
with real concurrent connections (SQLite's IMMEDIATE transactions queue writers before any of this)."""

import threading
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from amends.judgments.models import Award
from amends.payments import services
from amends.payments.models import Claim, Payment, PaymentProposal
from tests.payments.test_claims import verified_claim
from tests.support import clear_append_only_records, grant

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent PostgreSQL connections"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(autouse=True)
def _clear_append_only_records_before_flush(transactional_db):
    yield
    clear_append_only_records()


def test_simultaneous_approvals_make_one_payment(demo, django_user_model):
    # given a proposal and four finance officers, none of whom prepared it
    def make(name, *roles):
        user = django_user_model.objects.create_user(username=name)
        grant(user, *roles)
        return user

    staff = {"kim": make("kim", "caseworker"), "lee": make("lee", "legal_reviewer")}
    officers = [make(f"finance{n}", "finance_officer") for n in range(4)]
    award = next(a for a in Award.objects.filter(case__number="2013다61381") if a.victim.death_date is None)
    claim = verified_claim(award.creditors.get(), staff)
    services.claim_record(
        claim=claim, event="propose_payment", by=staff["kim"], facts={"planned_payment_date": "2023-04-14"}
    )
    start = threading.Barrier(len(officers))
    approved, refused, failed = [], [], []

    def approve(officer) -> None:
        try:
            start.wait()
            services.claim_record(
                claim=Claim.objects.get(pk=claim.pk),
                event="approve_payment",
                by=officer,
                occurred_on=date(2023, 4, 14),
            )
            approved.append(officer.username)
        except ValidationError as error:
            refused.append(error.messages)
        except Exception as error:  # reported below
            failed.append(repr(error))
        finally:
            connections.close_all()

    # when they all approve at once, each on their own connection
    threads = [threading.Thread(target=approve, args=(officer,)) for officer in officers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # then exactly one approval went through; the others found it approved already
    assert failed == []
    assert len(approved) == 1
    assert len(refused) == len(officers) - 1
    proposal = PaymentProposal.objects.get(claim=claim)
    assert (proposal.status, proposal.approved_by.username) == ("approved", approved[0])

    # and confirming it twice pays once
    facts = {"bank_confirmation": "KB-1", "paid_on": "2023-04-14", "amount_paid": str(proposal.amount)}
    services.claim_record(claim=claim, event="confirm_payment", by=officers[0], facts=facts)
    with pytest.raises(ValidationError):
        services.claim_record(claim=claim, event="confirm_payment", by=officers[1], facts=facts)
    assert Payment.objects.filter(creditor=award.creditors.get()).count() == 1
    assert Claim.objects.get(pk=claim.pk).state == "paid"
    assert date(2023, 4, 14) == Payment.objects.get().paid_on
