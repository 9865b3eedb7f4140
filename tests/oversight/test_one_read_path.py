"""The one read path for amounts (amends.payments.owed): every reader sees the same money received
and the same amount owed for the same award on the same date."""

from datetime import date
from types import SimpleNamespace

import pytest

from amends.oversight.dashboard import dashboard
from amends.oversight.forecast import award_debts
from amends.payments import owed
from amends.payments import services as payments
from tests.fund.test_ledger import refused_claim_with_deposit

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 28)


def test_a_collected_deposit_is_received_on_the_day_lodged_by_every_reader(creditors, staff):
    # given a court deposit of 150,000,000 won lodged on 2023-07-03, accepted, and collected
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
        owed.Received(date(2023, 7, 3), 150_000_000, creditor.pk)
    ]
    # and the award, the creditor, the totals, the dashboard and the forecast agree on what is owed
    on_award = owed.award_owed(award=award, on=TODAY)
    assert on_award.damages.paid == 150_000_000
    assert owed.creditor_owed(creditor=creditor, on=TODAY).outstanding == on_award.outstanding
    assert owed.all_awards_owed(on=TODAY)[award.pk].outstanding == on_award.outstanding
    row = next(row for row in dashboard(on=TODAY).cases if row.pk == award.case_id)
    assert row.totals.outstanding == sum(a.outstanding for a in owed.case_owed(case=award.case, on=TODAY))
    index = [a.pk for a in type(award).objects.order_by("pk")].index(award.pk)
    assert [p.amount for p in award_debts(today=TODAY)[index].payments] == [150_000_000]
    # before it was collected, nobody counts it
    assert owed.received(award_ids=[award.pk], on=date(2024, 2, 19)) == {}
    assert owed.award_owed(award=award, on=date(2024, 2, 19)).damages.paid == 0


def test_a_payment_from_elsewhere_on_the_whole_award_reaches_each_creditor_by_share_rounded_down():
    # given three creditors of one award at 3/7, 2/7 and 2/7, and 100,000,001 won received on the
    # whole award, 5 won by the first creditor alone
    widow, son, daughter = (
        SimpleNamespace(pk=pk, share_numerator=n, share_denominator=7) for pk, n in ((1, 3), (2, 2), (3, 2))
    )
    receipts = [
        owed.Received(date(2020, 1, 2), 100_000_001, None),
        owed.Received(date(2021, 5, 6), 5, widow.pk),
    ]
    # then each creditor's part is their share of it, rounded down, and their own receipts are theirs
    assert [p.amount for p in owed.to_creditor(receipts, widow)] == [42_857_143, 5]
    assert [p.amount for p in owed.to_creditor(receipts, son)] == [28_571_428]
    assert [p.amount for p in owed.to_creditor(receipts, daughter)] == [28_571_428]
    # and the award as a whole received all of it
    assert sum(p.amount for p in owed.on_award(receipts)) == 100_000_006
