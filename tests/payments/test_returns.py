"""A payment the bank brings back (a closed account, an elderly payee's bank): undone everywhere, the
claim back to an approval not paid, the books reversed on the day, the money owed as if never paid."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils.translation import override

from amends.api import services as api_services
from amends.core.clock import today
from amends.fund import selectors as fund_selectors
from amends.fund.models import JournalEntry
from amends.law import ledger
from amends.letters import services as letters
from amends.outreach.selectors import timeline
from amends.oversight import invariants
from amends.oversight.dashboard import dashboard
from amends.oversight.reports import report_payments, report_reimbursements
from amends.payments import services
from amends.payments.models import Claim, ClaimEntry, Payment, PaymentProposal, ReimbursementClaim
from amends.payments.owed import creditor_owed, received
from amends.payments.selectors import claim_file
from amends.portal import services as portal_services
from tests.payments.test_claims import (
    APPROVED_ON,
    living_victim,  # noqa: F401  (a fixture)
    staff,  # noqa: F401  (a fixture)
    verified_claim,
)

pytestmark = pytest.mark.django_db

PAID_ON = date(2023, 4, 14)
RETURNED_ON = date(2023, 4, 20)
LATER = date(2025, 1, 31)


@pytest.fixture
def demo(shared_demo):
    """The demonstration, loaded once for this module: each test's writes are rolled back."""


@pytest.fixture
def unpaid(living_victim):  # noqa: F811
    """What the living victim is owed on a later day if nothing were ever paid."""
    return creditor_owed(creditor=living_victim, on=LATER).outstanding


def money_shown() -> tuple:
    """What the dashboard and the payments report count as paid."""
    board = dashboard(on=LATER)
    return board.totals.payments, board.totals.paid, board.chart.total, report_payments().rows[-1][2:4]


@pytest.fixture
def shown_unpaid(demo) -> tuple:
    return money_shown()


@pytest.fixture
def paid(living_victim, staff, unpaid, shown_unpaid):  # noqa: F811
    """The living victim paid in full on 2023-04-14, approved that day."""
    claim = verified_claim(living_victim, staff)
    services.payment_propose(claim=claim, planned_on=PAID_ON, by=staff["kim"])
    services.payment_approve(claim=claim, by=staff["choi"], occurred_on=APPROVED_ON)
    proposal = claim.proposals.get(status="approved")
    services.payment_confirm(
        claim=claim, paid_on=PAID_ON, amount=proposal.amount, bank_reference="KB-0001", by=staff["park"]
    )
    return Payment.objects.get(proposal=proposal)


def give_back(payment, staff, **changes):  # noqa: F811
    arguments = {
        "payment": payment,
        "returned_on": RETURNED_ON,
        "reason": "account closed",
        "bank_reference": "KB-RET-7",
        "by": staff["park"],
    } | changes
    return services.payment_return(**arguments)


def written(payment) -> tuple:
    """Everything a return writes, to show a refusal changed nothing."""
    payment = Payment.objects.select_related("proposal", "reimbursement").get(pk=payment.pk)
    return (
        payment.returned_on,
        payment.return_reason,
        payment.proposal.status,
        payment.reimbursement.status,
        Claim.objects.get(pk=payment.proposal.claim_id).state,
        ClaimEntry.objects.count(),
        JournalEntry.objects.count(),
    )


def lines(source: str) -> list[tuple[str, int, int]]:
    entry = JournalEntry.objects.get(source=source)
    return sorted((p.account.code, p.debit, p.credit) for p in entry.postings.select_related("account"))


@override("en")
def test_a_returned_payment_is_undone_everywhere(paid, staff, unpaid, shown_unpaid):  # noqa: F811
    # given the living victim paid in full: nothing is owed on a later day, and the payment is shown
    amount = paid.amount
    assert creditor_owed(creditor=paid.creditor, on=LATER).outstanding == 0
    assert money_shown() != shown_unpaid

    # when the bank brings the transfer back six days later
    entry = give_back(paid, staff)

    # then the claim stands approved but unpaid, with the bank's notice and reason on its timeline
    claim = Claim.objects.get(pk=paid.proposal.claim_id)
    assert claim.state == "payment_approved"
    assert (entry.event, entry.from_state, entry.to_state) == ("payment_returned", "paid", "payment_approved")
    assert entry.occurred_on == RETURNED_ON
    assert entry.facts | {"reimbursement": None} == {
        "bank_notice": "KB-RET-7",
        "returned_on": "2023-04-20",
        "return_reason": "account closed",
        "payment": paid.pk,
        "proposal": paid.proposal_id,
        "amount_returned": amount,
        "reimbursement": None,
        "reimbursement_was": "open",
    }
    paid.refresh_from_db()
    assert (paid.returned_on, paid.return_reason) == (RETURNED_ON, "account closed")
    assert PaymentProposal.objects.get(pk=paid.proposal_id).status == "approved"
    reimbursement = ReimbursementClaim.objects.get(payment=paid)
    assert reimbursement.status == "cancelled"
    assert entry.facts["reimbursement"] == reimbursement.pk

    # and the books reverse both entries on the day the money came back, to the won
    back = JournalEntry.objects.get(source=f"payment:{paid.pk}:returned")
    cancelled = JournalEntry.objects.get(source=f"reimbursement:{reimbursement.pk}:cancelled")
    assert back.posted and cancelled.posted
    assert (back.posted_on, cancelled.posted_on) == (RETURNED_ON, RETURNED_ON)
    assert lines(back.source) == [(ledger.BANK, amount, 0), (ledger.PAYMENTS_TO_CREDITORS, 0, amount)]
    assert lines(cancelled.source) == [
        (ledger.REIMBURSEMENT_RECEIVABLE, 0, amount),
        (ledger.REIMBURSEMENT_ALLOWANCE, amount, 0),
    ]
    assert back.reverses == JournalEntry.objects.get(source=f"payment:{paid.pk}")
    assert cancelled.reverses == JournalEntry.objects.get(source=f"reimbursement:{reimbursement.pk}")
    assert fund_selectors.trial_balance().balanced
    for code in (ledger.REIMBURSEMENT_RECEIVABLE, ledger.REIMBURSEMENT_ALLOWANCE):
        assert fund_selectors.account_balance(code, on=RETURNED_ON) == fund_selectors.account_balance(
            code, on=PAID_ON - timedelta(days=1)
        )

    # and the money owed runs on as if nothing had ever been paid, on any day
    assert creditor_owed(creditor=paid.creditor, on=LATER).outstanding == unpaid
    assert creditor_owed(creditor=paid.creditor, on=PAID_ON + timedelta(days=2)).paid == 0
    assert all(r.creditor_id != paid.creditor_id for r in received().get(paid.creditor.award_id, []))

    # and no report, dashboard or timeline counts it as paid
    case_id = paid.creditor.award.case_id
    assert [row.totals.payments for row in dashboard(on=LATER).cases if row.pk == case_id] == [0]
    assert money_shown() == shown_unpaid
    assert paid.creditor.award.case.number not in {row[1] for row in report_reimbursements().rows}
    assert not [item for item in timeline(kinds=["payment"]) if item.sequence == paid.pk]

    # and every invariant of the books and the files holds
    assert invariants.violations() == []

    # and the claim page offers no second confirmation of the money that came back
    assert "confirm_payment" not in {step.event for step in claim_file(claim=claim).allowed}


@override("en")
def test_an_invariant_names_a_return_made_behind_the_services_back(paid, staff):  # noqa: F811
    # given a payment marked returned without its reversal or its reimbursement claim cancelled
    Payment.objects.filter(pk=paid.pk).update(returned_on=RETURNED_ON, return_reason="edited")

    # then the books say so, and so does the stored summary of what is owed (its line still counts the
    # payment the confirmation wrote it with)
    rules = {violation.rule for violation in invariants.violations()}
    assert (
        {"payment-entry", "reimbursement", "reimbursement-entry", "ledger-5000", "owed-summary"}
        >= rules
        >= {
            "payment-entry",
            "reimbursement",
            "ledger-5000",
            "owed-summary",
        }
    )


@override("en")
def test_the_family_is_not_told_they_were_paid(paid, staff):  # noqa: F811
    # given a receipt letter is possible while the payment stands
    claim = Claim.objects.get(pk=paid.proposal.claim_id)
    letters.letter_send(claim=claim, kind="receipt", language="en", by=staff["kim"])

    # when the bank brings the money back
    give_back(paid, staff)

    # then a receipt letter is refused, saying why
    with pytest.raises(ValidationError, match=r"The bank returned the payment of .* on 2023-04-20"):
        letters.letter_send(claim=claim, kind="receipt", language="en", by=staff["kim"])


def test_the_portal_shows_the_transfer_returned_not_paid(paid, staff, client):  # noqa: F811
    claim = Claim.objects.get(pk=paid.proposal.claim_id)
    give_back(paid, staff)
    access, code = portal_services.portal_access_issue(claim=claim, by=staff["kim"])
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    birth = claim.creditor.person.birth_date.isoformat()
    response = client.post("/portal/", {"number": access.number, "birth_date": birth, "code": code})
    assert response.status_code == 302

    page = client.get("/portal/status/").content.decode()

    assert 'data-testid="paid"' not in page
    assert 'data-testid="returned"' in page
    assert f"{paid.amount:,} won on 2023-04-20, so it has not been paid to you" in page
    assert "The Foundation will contact you" in page


@override("en")
def test_a_return_can_be_recorded_by_hand_from_the_claim_page(paid, staff):  # noqa: F811
    claim = Claim.objects.get(pk=paid.proposal.claim_id)

    entry = services.claim_record(
        claim=claim,
        event="payment_returned",
        by=staff["park"],
        facts={"returned_on": "2023-04-20", "return_reason": "name mismatch", "bank_notice": "KB-RET-9"},
    )

    assert entry.facts["payment"] == paid.pk
    paid.refresh_from_db()
    assert (paid.returned_on, paid.return_reason) == (RETURNED_ON, "name mismatch")
    assert JournalEntry.objects.filter(source=f"payment:{paid.pk}:returned").exists()
    assert invariants.violations() == []


def test_a_return_is_recorded_over_the_api_and_the_file_shows_it_not_paid(paid, staff):  # noqa: F811
    token = api_services.api_token_create(by=None, user=staff["park"], name="tests")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token.secret}", HTTP_ACCEPT_LANGUAGE="en")
    facts = {"returned_on": "2023-04-20", "return_reason": "account closed", "bank_notice": "KB-RET-3"}

    response = client.post(
        f"/api/creditors/{paid.creditor_id}/claim/events",
        {"event": "payment_returned", "facts": facts},
        content_type="application/json",
    )

    assert response.status_code == 200, response.content
    file = response.json()["claim"]
    assert file["state"] == "payment_approved"
    assert file["payment"] is None
    assert [(row["id"], row["returned_on"], row["return_reason"]) for row in file["returned"]] == [
        (paid.pk, "2023-04-20", "account closed")
    ]
    assert "confirm_payment" not in {step["event"] for step in file["allowed"]}


@override("en")
def test_a_return_by_hand_without_its_facts_is_refused(paid, staff):  # noqa: F811
    claim = Claim.objects.get(pk=paid.proposal.claim_id)
    before = written(paid)

    with pytest.raises(ValidationError, match="return reason"):
        services.claim_record(
            claim=claim,
            event="payment_returned",
            by=staff["park"],
            facts={"returned_on": "2023-04-20", "bank_notice": "KB-RET-9", "payment": paid.pk},
        )

    assert written(paid) == before


@override("en")
@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"returned_on": PAID_ON - timedelta(days=1)}, "returned_on", "is before the payment"),
        ({"returned_on": today() + timedelta(days=1)}, "returned_on", "is in the future"),
    ],
)
def test_a_return_dated_before_the_payment_or_in_the_future_is_refused(paid, staff, changes, field, message):  # noqa: F811
    before = written(paid)

    with pytest.raises(ValidationError) as refused:
        give_back(paid, staff, **changes)

    assert message in " ".join(refused.value.message_dict[field])
    assert written(paid) == before


@override("en")
def test_a_payment_is_returned_once(paid, staff):  # noqa: F811
    give_back(paid, staff)
    before = written(paid)

    with pytest.raises(ValidationError) as refused:
        give_back(paid, staff, returned_on=RETURNED_ON + timedelta(days=1))

    assert "already brought this payment back on 2023-04-20" in refused.value.message_dict["returned_on"][0]
    assert written(paid) == before


@override("en")
def test_a_return_after_the_receipt_is_refused_saying_what_to_do(paid, staff):  # noqa: F811
    claim = Claim.objects.get(pk=paid.proposal.claim_id)
    services.claim_record(claim=claim, event="receipt", by=staff["kim"], facts={"receipt": "signed"})
    before = written(paid)

    with pytest.raises(ValidationError) as refused:
        give_back(paid, staff)

    assert "receipt for this payment is on record" in refused.value.message_dict["payment"][0]
    assert "legal reviewer" in refused.value.message_dict["payment"][0]
    assert written(paid) == before


@override("en")
@pytest.mark.parametrize("who", ["kim", "lee", "jung"])
def test_only_a_finance_officer_records_a_return(paid, staff, who):  # noqa: F811
    before = written(paid)

    with pytest.raises(PermissionDenied):
        give_back(paid, staff, by=staff[who])

    assert written(paid) == before


@override("en")
def test_the_approval_is_declined_and_proposed_again_after_a_return(paid, staff, unpaid):  # noqa: F811
    claim = Claim.objects.get(pk=paid.proposal.claim_id)
    give_back(paid, staff)

    # the approval cannot simply be paid again: its amount stopped on the old day
    with pytest.raises(ValidationError, match="brought this approval's payment back"):
        services.payment_confirm(
            claim=claim, paid_on=today(), amount=paid.amount, bank_reference="KB-2", by=staff["park"]
        )

    # when the finance officer declines it (the money came back: it is not sent) and it is proposed again
    declined = services.claim_record(
        claim=claim, event="decline", by=staff["park"], facts={"reason": "paid again for a new date"}
    )
    assert declined.to_state == "verified"
    assert "2023-04-20" in declined.facts["not_sent"]
    assert PaymentProposal.objects.get(pk=paid.proposal_id).status == "declined"
    services.payment_propose(claim=claim, planned_on=LATER, by=staff["kim"])

    # then the new proposal holds the whole debt with the delay damages to the new day
    proposal = claim.proposals.get(status="proposed")
    assert proposal.amount == unpaid
    services.payment_approve(claim=claim, by=staff["choi"], occurred_on=LATER)
    services.payment_confirm(
        claim=claim, paid_on=LATER, amount=proposal.amount, bank_reference="KB-3", by=staff["park"]
    )
    claim.refresh_from_db()
    assert claim.state == "paid"
    assert creditor_owed(creditor=paid.creditor, on=LATER).outstanding == 0
    assert invariants.violations() == []
