"""The one read path for amounts (amends.payments.owed): every reader sees the same money received
and the same amount owed for the same award on the same date."""

from datetime import date
from fractions import Fraction

import pytest

from amends.law import parts
from amends.law.interest import Payment
from amends.oversight.dashboard import dashboard
from amends.oversight.forecast import award_debts
from amends.payments import owed
from amends.payments import services as payments
from tests.fund.test_ledger import refused_claim_with_deposit

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 28)


def test_a_collected_deposit_is_received_on_the_day_lodged_by_every_reader(creditors, staff):
    # given a court deposit of 300,819,672 won lodged on 2023-07-03, accepted, and collected
    creditor = creditors[1]
    claim = refused_claim_with_deposit(creditor, staff)
    payments.claim_record(
        claim=claim, event="officer_accepts", by=staff["kim"], facts={"decided_on": "2023-07-05"}
    )
    payments.claim_record(
        claim=claim, event="creditor_collects", by=staff["kim"], facts={"collected_on": "2024-02-20"}
    )
    award = owed.awards().get(pk=creditor.award_id)
    # then the money received on the award is the deposit, as of the day it was lodged
    assert owed.received(award_ids=[award.pk], on=TODAY)[award.pk] == [
        owed.Received(date(2023, 7, 3), 300_819_672, creditor.pk)
    ]
    # and the award, the creditor, the totals, the dashboard and the forecast agree on what is owed
    on_award = owed.award_owed(award=award, on=TODAY)
    assert on_award.paid == 300_819_672
    assert on_award.outstanding == 0
    assert owed.creditor_owed(creditor=creditor, on=TODAY).outstanding == on_award.outstanding
    assert owed.all_awards_owed(on=TODAY)[award.pk].outstanding == on_award.outstanding
    row = next(row for row in dashboard(on=TODAY).cases if row.pk == award.case_id)
    assert row.totals.outstanding == sum(a.outstanding for a in owed.case_owed(case=award.case, on=TODAY))
    index = [a.pk for a in type(award).objects.order_by("pk")].index(award.pk)
    assert [p.amount for p in award_debts(today=TODAY)[index].payments] == [300_819_672]
    # before it was collected, nobody counts it
    assert owed.received(award_ids=[award.pk], on=date(2024, 2, 19)) == {}
    assert owed.award_owed(award=award, on=date(2024, 2, 19)).damages.paid == 0


def test_a_payment_from_elsewhere_on_the_whole_award_reaches_each_creditor_by_the_largest_remainder():
    # given three creditors of one award at 3/7, 2/7 and 2/7, and 100,000,001 won received on the
    # whole award, 5 won by the first creditor alone
    shares = {"widow": Fraction(3, 7), "son": Fraction(2, 7), "daughter": Fraction(2, 7)}
    held = parts.debts(
        principal=100_000_000,
        parts=[
            parts.Part(key, share, received=(Payment(date(2021, 5, 6), 5),) if key == "widow" else ())
            for key, share in shares.items()
        ],
        on_award=[Payment(date(2020, 1, 2), 100_000_001)],
    )
    # then each creditor's part is their share of it rounded down (42,857,143.28; 28,571,428.86
    # twice), the 2 won left over going one each to the largest remainders (the son's and the
    # daughter's), and their own receipts are theirs
    assert [p.amount for p in held["widow"].payments] == [42_857_143, 5]
    assert [p.amount for p in held["son"].payments] == [28_571_429]
    assert [p.amount for p in held["daughter"].payments] == [28_571_429]
    # and no won of it is lost: the parts add up to what the award received
    assert sum(p.amount for debt in held.values() for p in debt.payments) == 100_000_006
    # each principal is the judgment's floor(principal × share)
    assert [debt.principal for debt in held.values()] == [42_857_142, 28_571_428, 28_571_428]
