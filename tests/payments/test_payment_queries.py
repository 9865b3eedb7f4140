"""A payment's steps read what they need, in a fixed number of queries whatever else is on record, and
the narrow read of what one creditor is owed gives the figure the one read path gives."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from amends.demo.judgments import add_generated_judgments
from amends.judgments.models import Award, Creditor
from amends.payments import services
from amends.payments.models import Claim
from amends.payments.owed import creditor_outstanding, creditor_owed
from tests.support import grant

pytestmark = pytest.mark.django_db

# The statements of each step through claim_record, its savepoint (or BEGIN and COMMIT) included:
# the lock with the creditor, the role, the step's own reads and rows, the timeline entry, the claim,
# the audit event; confirm also posts the payment and its reimbursement claim (two journal entries,
# each with its audit event), and writes the award's stored lines of what is owed again (the award
# read in one statement, its lines deleted and inserted: amends.payments.owed_lines). At most these:
# the ledger may come to need fewer.
MOST = {"propose": 11, "approve": 12, "confirm": 28}


@pytest.fixture
def staff(django_user_model):
    def make(name, *roles):
        user = django_user_model.objects.create_user(username=name, is_staff=True)
        grant(user, *roles)
        return user

    return {
        "kim": make("kim", "caseworker"),
        "lee": make("lee", "legal_reviewer"),
        "park": make("park", "finance_officer"),
        "choi": make("choi", "finance_officer"),
    }


def payable(award: Award | None = None) -> Creditor | None:
    """A living creditor holding a part of their own, without a claim file yet (of ``award``)."""
    creditors = Creditor.objects.filter(
        claim__isnull=True, share_numerator__gt=0, person__death_date__isnull=True, successors__isnull=True
    )
    if award is not None:
        creditors = creditors.filter(award=award)
    return creditors.order_by("pk").first()


def verified(creditor: Creditor, staff) -> Claim:
    claim = services.claim_open(creditor=creditor, by=staff["kim"])
    today = timezone.localdate().isoformat()
    services.claim_record(
        claim=claim,
        event="contact",
        by=staff["kim"],
        facts={"channel": "call", "contacted_on": today, "summary": "called"},
    )
    services.claim_record(
        claim=claim,
        event="apply",
        by=staff["kim"],
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
        by=staff["lee"],
        facts={"identity": "ok", "heirship": "ok", "bank_account": "ok"},
    )
    return claim


def pay(claim: Claim, staff) -> dict[str, int]:
    """Propose, approve and confirm a payment of what is owed today; the statements of each step."""
    today = timezone.localdate().isoformat()
    counts = {}
    with CaptureQueriesContext(connection) as captured:
        services.claim_record(
            claim=claim, event="propose_payment", by=staff["kim"], facts={"planned_payment_date": today}
        )
    counts["propose"] = len(captured)
    with CaptureQueriesContext(connection) as captured:
        services.claim_record(claim=claim, event="approve_payment", by=staff["park"])
    counts["approve"] = len(captured)
    amount = claim.proposals.values_list("amount", flat=True).get()
    with CaptureQueriesContext(connection) as captured:
        services.claim_record(
            claim=claim,
            event="confirm_payment",
            by=staff["choi"],
            facts={"bank_confirmation": f"B-{claim.pk}", "paid_on": today, "amount_paid": str(amount)},
        )
    counts["confirm"] = len(captured)
    claim.refresh_from_db()
    assert claim.state == "paid"
    assert claim.creditor.payments.get().amount == amount
    return counts


def test_each_step_of_a_payment_takes_a_fixed_number_of_queries(demo, staff):
    # given a payment through the services on the demonstration's three judgments
    first = pay(verified(payable(), staff), staff)
    # when more judgments, creditors and payments are on record, and another creditor is paid
    add_generated_judgments(6)
    for _ in range(3):
        pay(verified(payable(), staff), staff)
    largest = sorted(Award.objects.all(), key=lambda award: -award.creditors.count())
    again = pay(verified(next(c for award in largest if (c := payable(award))), staff), staff)
    # then each step took as many statements as the first time, and no more than the fixed number
    assert again == first
    assert all(first[step] <= most for step, most in MOST.items()), first


def test_what_one_creditor_is_owed_is_read_narrowly_and_the_same(demo, staff):
    add_generated_judgments(4)
    today = timezone.localdate()
    # Money received: a payment through the services, and payments from elsewhere on a whole award
    # and to one creditor, so that every kind of receipt is in the figures.
    creditor = payable()
    pay(verified(creditor, staff), staff)
    award = Award.objects.exclude(pk=creditor.award_id).filter(creditors__succeeds__isnull=False).first()
    award = award or Award.objects.exclude(pk=creditor.award_id).first()
    services.external_payment_record(
        award=award, by=staff["park"], paid_on=today - timedelta(days=30), amount=1_000_000, source="security"
    )
    own = award.creditors.filter(share_numerator__gt=0, person__death_date__isnull=True).first()
    if own is not None:
        services.external_payment_record(
            award=award, creditor=own, by=staff["park"], paid_on=today, amount=500_000, source="security"
        )
    days = [date(2000, 1, 1), date(2015, 6, 30), date(2019, 1, 1), today - timedelta(days=30), today]
    days.append(today + timedelta(days=365))
    checked = 0
    for row in Creditor.objects.select_related("award", "person").order_by("pk"):
        for on in days:
            try:
                expected = creditor_owed(creditor=row, on=on).outstanding
            except Exception as error:  # a creditor who holds nothing on ``on``: refused the same way
                with pytest.raises(type(error)):
                    creditor_outstanding(creditor=row, on=on)
                continue
            with CaptureQueriesContext(connection) as captured:
                assert creditor_outstanding(creditor=row, on=on) == expected, (row.pk, on)
            # one query: the award's terms, creditors and receipts in one row (owed_inputs)
            assert len(captured) == 1
            checked += 1
    assert checked > 100
