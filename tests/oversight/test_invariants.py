"""``amends check``: Django's system checks, then the invariants of the books and the files. Each
invariant holds on books kept through the services, and each break made past them (through the ORM or
SQL, or a service that allows it) is named, row, person and amount, and makes the command exit 1."""

import os
import subprocess
import sys
import uuid
from datetime import date, timedelta
from fractions import Fraction
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from amends.audit.models import AuditEvent
from amends.core.clock import today
from amends.fund import services as fund
from amends.fund.models import JournalEntry, Posting
from amends.fund.services import post_entry as past_the_services  # no checks: as a bug or the owner would
from amends.judgments import services as judgments
from amends.judgments.models import Case, Creditor
from amends.judgments.services import CreditorSpec
from amends.law.ledger import Line, credit, debit
from amends.law.ledger import reversal as reversal_of
from amends.oversight import invariants
from amends.oversight.invariants import Violation
from amends.payments import owed
from amends.payments import services as payments
from amends.payments.models import (
    Claim,
    CourtDeposit,
    ExternalPayment,
    Payment,
    PaymentProposal,
    ReimbursementClaim,
)
from amends.registry import services as registry
from amends.registry.models import Person
from tests.fund.conftest import approved_claim
from tests.support import append_only_suspended

pytestmark = pytest.mark.django_db

PAID_ON = date(2023, 4, 14)
# 100,000,000 won and 20 % a year from 2013-06-19: 9 whole years and 300 of 365 days on 2023-04-14.
PAID = 296_438_356
LODGED_ON = date(2023, 7, 3)
# What the second creditor is owed on 2023-07-03: a deposit is for the whole debt on the day lodged.
LODGED = 300_819_672


# -- the books: one creditor paid, one court deposit lodged ------------------------------------------


def _who(creditor: Creditor) -> str:
    return f"{creditor.person} (creditor {creditor.pk} on award {creditor.award_id}, 2013다61381)"


@pytest.fixture
def paid(creditors, staff) -> Payment:
    """The first creditor paid what they were owed on 2023-04-14, through the services."""
    claim = approved_claim(creditors[0], staff, planned=PAID_ON)
    payments.claim_record(
        claim=claim,
        event="confirm_payment",
        by=staff["choi"],
        facts={"bank_confirmation": "KB-1", "paid_on": PAID_ON.isoformat(), "amount_paid": PAID},
    )
    return Payment.objects.get(creditor=creditors[0])


@pytest.fixture
def lodged(creditors, staff) -> CourtDeposit:
    """A court deposit lodged on 2023-07-03 for the second creditor, who refused the payment."""
    claim = payments.claim_open(creditor=creditors[1], by=staff["kim"])
    record = payments.claim_record
    record(claim=claim, event="refuse", by=staff["kim"], facts={"reason": "wants an apology"})
    record(
        claim=claim,
        event="propose_deposit",
        by=staff["lee"],
        facts={"planned_lodging_date": LODGED_ON.isoformat(), "court": "광주지방법원", "ground": "refusal"},
    )
    record(claim=claim, event="approve_deposit", by=staff["yoon"], occurred_on=LODGED_ON)
    record(
        claim=claim,
        event="lodge_deposit",
        by=staff["park"],
        facts={
            "court": "광주지방법원",
            "deposit_number": "2023금1234",
            "lodged_on": LODGED_ON.isoformat(),
            "amount": LODGED,
        },
    )
    return CourtDeposit.objects.get(claim=claim)


@pytest.fixture
def books(paid, lodged):
    return paid, lodged


def of(rule: str) -> list[Violation]:
    return [violation for violation in invariants.violations() if violation.rule == rule]


def rules() -> set[str]:
    return {violation.rule for violation in invariants.violations()}


def check_fails() -> list[str]:
    """Run ``amends check``; it must exit 1. The violation lines it wrote on stderr."""
    stdout, stderr = StringIO(), StringIO()
    with pytest.raises(CommandError) as failed:
        call_command("check", stdout=stdout, stderr=stderr)
    assert failed.value.returncode == 1
    assert str(failed.value).startswith("Invariants: ")
    assert "Invariants: all" not in stdout.getvalue()
    return stderr.getvalue().splitlines()


def test_the_books_kept_through_the_services_hold_every_invariant(books):
    # given a payment and a court deposit recorded through the services
    # then no invariant is broken
    assert invariants.violations() == []
    # and the command runs Django's system checks, then says so, and exits 0
    out = StringIO()
    call_command("check", stdout=out)
    assert out.getvalue().splitlines() == [
        "System check identified no issues (0 silenced).",
        f"Invariants: all {len(invariants.INVARIANTS)} hold.",
    ]


def test_the_demonstration_data_holds_every_invariant(demo):
    assert invariants.violations() == []
    out = StringIO()
    call_command("check", stdout=out)
    assert "Invariants: all 11 hold." in out.getvalue()


def test_the_command_names_every_violation_one_line_each_and_exits_1(books, staff):
    # given two breaks: a creditor's share halved, and an operating cost posted to payments
    _paid, lodged = books
    Creditor.objects.filter(pk=lodged.claim.creditor_id).update(share_denominator=2)
    past_the_services(
        on=date(2024, 1, 31), memo="rent", by=staff["park"], lines=[debit("5000", 7), credit("1000", 7)]
    )
    # when the command runs, then it prints each violation on a line of its own and exits 1
    lines = check_fails()
    assert lines == [str(violation) for violation in invariants.violations()]
    assert [line.split(":", 1)[0] for line in lines] == ["shares", "ledger-5000"]


def test_no_invariants_runs_only_the_system_checks(books):
    # given books that break an invariant
    Creditor.objects.filter(pk=books[1].claim.creditor_id).update(share_denominator=2)
    # when the command runs with --no-invariants, then only Django's checks run, and pass
    out = StringIO()
    call_command("check", "--no-invariants", stdout=out)
    assert out.getvalue() == "System check identified no issues (0 silenced).\n"


def test_the_deployment_checks_still_run(db):
    # Django's deployment checks warn about this settings module (no HTTPS settings, say); warnings
    # do not fail the command at the default level, and the invariants run after them.
    out, err = StringIO(), StringIO()
    call_command("check", "--deploy", stdout=out, stderr=err)
    assert "System check identified" in out.getvalue() + err.getvalue()
    assert "Invariants: all 11 hold." in out.getvalue()
    out, err = StringIO(), StringIO()
    call_command("check", "--deploy", "--no-invariants", stdout=out, stderr=err)
    assert "System check identified" in out.getvalue() + err.getvalue()
    assert "Invariants" not in out.getvalue()
    # and --list-tags lists, nothing else
    out = StringIO()
    call_command("check", "--list-tags", stdout=out)
    assert "models" in out.getvalue().split()
    assert "Invariants" not in out.getvalue()


def test_the_console_script_runs_the_invariants(migrated_sqlite):
    # given a freshly migrated database, as a user runs `amends check` on it
    amends = str(Path(sys.executable).parent / "amends")
    env = os.environ | {
        "DATABASE_URL": f"sqlite:///{migrated_sqlite}",
        "AMENDS_VAR_DIR": str(migrated_sqlite.parent),
    }
    result = subprocess.run([amends, "check"], env=env, capture_output=True, text=True)
    # then this project's check runs instead of Django's own, and everything holds
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "Invariants: all 11 hold."


def test_the_reads_are_a_bounded_number_of_queries(books, case, staff):
    # given the books, the number of queries the invariants read
    with CaptureQueriesContext(connection) as before:
        assert invariants.violations() == []
    # when three more awards are on record, each paid
    for number in range(3):
        victim = registry.person_create(
            by=None, name_hangul=f"박{number}", sex="M", birth_date=date(1926, 1, 1)
        )
        award = judgments.award_create(
            by=None,
            case=case,
            victim=victim,
            principal=100_000_000,
            accruals=[(date(2013, 6, 19), "0.20")],
            creditors=[CreditorSpec(person=victim, share=Fraction(1))],
        )
        claim = approved_claim(award.creditors.get(), staff, planned=PAID_ON)
        payments.claim_record(
            claim=claim,
            event="confirm_payment",
            by=staff["choi"],
            facts={
                "bank_confirmation": f"KB-{number + 2}",
                "paid_on": PAID_ON.isoformat(),
                "amount_paid": PAID,
            },
        )
    # then the invariants read them in as many queries as before
    with CaptureQueriesContext(connection) as after:
        assert invariants.violations() == []
    assert len(after) == len(before)


# -- 1. shares --------------------------------------------------------------------------------------


def test_shares_that_do_not_sum_to_1_are_named(books):
    # given the second award's only creditor left with half of it
    creditor = books[1].claim.creditor
    award = creditor.award
    assert of("shares") == []
    Creditor.objects.filter(pk=creditor.pk).update(share_denominator=2)
    # then
    assert of("shares") == [
        Violation(
            "shares",
            f"award {award.pk} (2013다61381, victim 이정호): the shares of the creditors the judgment "
            "names sum to 1/2, not 1",
        )
    ]
    assert check_fails()[0].startswith(f"shares: award {award.pk} (2013다61381, victim 이정호)")


def _family(creditor: Creditor) -> list[Person]:
    """Two children of the creditor, on record with their sex and birth."""
    children = []
    for name in ("이민수", "이영희"):
        child = registry.person_create(by=None, name_hangul=name, sex="M", birth_date=date(1955, 5, 5))
        registry.parent_child_link(by=None, parent=creditor.person, child=child)
        children.append(child)
    return children


def test_a_death_handed_on_through_the_services_holds_and_heirs_shares_that_do_not_add_up_are_named(
    creditors, staff
):
    # given the second creditor's death recorded with two children on record: each inherits half
    creditor = creditors[1]
    _family(creditor)
    payments.death_record(by=staff["kim"], person=creditor.person, died_on=date(2024, 3, 1))
    heirs = list(creditor.successors.order_by("pk"))
    assert [heir.share for heir in heirs] == [Fraction(1, 2)] * 2
    assert invariants.violations() == []
    # when one heir's share is changed to a third
    Creditor.objects.filter(pk=heirs[1].pk).update(share_numerator=1, share_denominator=3)
    # then
    creditor.refresh_from_db()
    assert of("heir-shares") == [
        Violation(
            "heir-shares",
            f"{_who(creditor)}: the shares of the heirs (이민수 1/2, 이영희 1/3) sum to 5/6, not the "
            "creditor's share 1",
        )
    ]
    check_fails()


# -- 2. nobody paid more than owed ---------------------------------------------------------------------


def test_a_creditor_paid_more_than_owed_is_named(books):
    # given 10,000,000 won from elsewhere to the first creditor, after they were paid in full
    payment, _lodged = books
    creditor = payment.creditor
    ExternalPayment.objects.create(
        award=creditor.award,
        creditor=creditor,
        paid_on=date(2024, 1, 2),
        amount=10_000_000,
        source="security",
    )
    # then the overpayment is named, with what they received
    on = today()
    assert of("overpaid") == [
        Violation(
            "overpaid",
            f"award {creditor.award_id} (2013다61381, victim 김영수): 김영수 (creditor {creditor.pk}) has "
            f"received {PAID + 10_000_000:,} won, 10,000,000 won more than owed on {on}",
        )
    ]
    check_fails()


def test_a_payment_of_more_than_its_proposal_is_named(books):
    # given the payment's amount raised by one won past the services
    payment, _lodged = books
    Payment.objects.filter(pk=payment.pk).update(amount=F("amount") + 1)
    # then it is named against its proposal, and the books no longer agree with it
    assert of("over-proposal") == [
        Violation(
            "over-proposal",
            f"payment {payment.pk} of {PAID + 1:,} won to {_who(payment.creditor)} is more than its "
            f"proposal {payment.proposal_id} of {PAID:,} won",
        )
    ]
    assert {"over-proposal", "overpaid", "payment-entry", "reimbursement", "ledger-5000"} <= rules()
    check_fails()


# -- 3. nothing for a person after their death -------------------------------------------------------


def test_a_payment_after_the_death_is_named_and_the_claim_not_passed_on(books):
    # given the first creditor's death recorded (past the services) before the day they were paid
    payment, _lodged = books
    creditor = payment.creditor
    Person.objects.filter(pk=creditor.person_id).update(death_date=date(2023, 4, 1))
    # then
    assert of("paid-after-death") == [
        Violation(
            "paid-after-death",
            f"payment {payment.pk} of {PAID:,} won to {_who(creditor)} was paid on 2023-04-14, after "
            "their death on 2023-04-01",
        )
    ]
    # and the claim, paid but not receipted, has not passed to any heir
    assert of("not-passed-on") == [
        Violation(
            "not-passed-on",
            f"{_who(creditor)} died on 2023-04-01, the claim has not passed to the heirs "
            "(share 1, claim paid)",
        )
    ]
    lines = check_fails()
    assert f"paid-after-death: {of('paid-after-death')[0].message}" in lines


def test_a_court_deposit_and_a_payment_from_elsewhere_after_the_death_are_named(books):
    _paid, deposit = books
    creditor = deposit.claim.creditor
    ExternalPayment.objects.create(
        award=creditor.award, creditor=creditor, paid_on=date(2023, 8, 1), amount=5_000, source="security"
    )
    Person.objects.filter(pk=creditor.person_id).update(death_date=date(2023, 7, 1))
    assert of("deposit-after-death") == [
        Violation(
            "deposit-after-death",
            f"court deposit {deposit.pk} (광주지방법원 2023금1234) of {LODGED:,} won for {_who(creditor)} "
            "was lodged on 2023-07-03, after their death on 2023-07-01",
        )
    ]
    external = ExternalPayment.objects.get()
    assert of("external-after-death") == [
        Violation(
            "external-after-death",
            f"payment from elsewhere {external.pk} (security) of 5,000 won to {_who(creditor)} was paid "
            "on 2023-08-01, after their death on 2023-07-01",
        )
    ]
    check_fails()


def test_an_open_proposal_for_a_creditor_who_died_is_named(creditors, staff):
    # given an approved payment, and the creditor's death recorded past the services
    claim = approved_claim(creditors[0], staff)
    proposal = claim.proposals.get()
    assert invariants.violations() == []
    Person.objects.filter(pk=creditors[0].person_id).update(death_date=date(2024, 5, 1))
    # then the proposal still open is named, and so is the claim not handed on
    assert of("proposal-after-death") == [
        Violation(
            "proposal-after-death",
            f"payment proposal {proposal.pk} of {proposal.amount:,} won for {_who(creditors[0])} is still "
            "approved, but they died on 2024-05-01",
        )
    ]
    assert [v.rule for v in invariants.violations()] == ["proposal-after-death", "not-passed-on"]
    check_fails()


def test_a_death_recorded_through_the_services_stops_the_proposal_and_hands_the_claim_on(creditors, staff):
    # given an approved payment, and the creditor's death recorded with their children on record
    approved_claim(creditors[0], staff)
    _family(creditors[0])
    payments.death_record(by=staff["kim"], person=creditors[0].person, died_on=date(2024, 5, 1))
    # then the proposal is stopped, the heirs hold the claim, and every invariant holds
    assert PaymentProposal.objects.get().status == "declined"
    assert invariants.violations() == []


def test_a_death_whose_heirs_are_unknown_is_named_until_they_are_recorded(creditors, staff):
    # given a creditor's death recorded through the services, with no family on record
    creditor = creditors[0]
    payments.death_record(by=staff["kim"], person=creditor.person, died_on=date(2024, 5, 1))
    # then the file is closed but nobody holds the claim: that is named
    assert of("not-passed-on") == [
        Violation(
            "not-passed-on",
            f"{_who(creditor)} died on 2024-05-01, the claim has not passed to the heirs "
            "(share 1, claim passed_to_heirs)",
        )
    ]
    # and once the children are recorded and the claim handed on again, it holds
    _family(creditor)
    payments.claims_hand_on(by=staff["kim"], person=Person.objects.get(pk=creditor.person_id))
    assert invariants.violations() == []


def test_a_discharged_claim_needs_no_heirs(books, staff):
    # given the paid creditor's receipt on record, then their death
    payment, _lodged = books
    claim = payment.creditor.claim
    payments.claim_record(claim=claim, event="receipt", by=staff["kim"], facts={"receipt": "signed"})
    payments.death_record(by=staff["kim"], person=payment.creditor.person, died_on=date(2024, 5, 1))
    # then nothing is owed to pass on, and every invariant holds
    assert invariants.violations() == []


# -- 4. the ledger's balances --------------------------------------------------------------------------


def test_a_collected_deposit_counts_as_paid_and_a_withdrawn_one_as_back_in_the_bank(books, staff):
    _paid, deposit = books
    claim = deposit.claim
    payments.claim_record(
        claim=claim, event="officer_accepts", by=staff["kim"], facts={"decided_on": "2023-07-05"}
    )
    payments.claim_record(
        claim=claim, event="creditor_collects", by=staff["kim"], facts={"collected_on": "2024-02-20"}
    )
    assert invariants.violations() == []


def test_money_posted_to_payments_or_deposits_by_hand_is_named(books, staff):
    # given entries to 5000 and 1100 made past the services (the manual entry refuses them)
    with pytest.raises(ValidationError, match="not by hand"):
        fund.journal_post(
            on=date(2024, 1, 31),
            memo="rent",
            by=staff["park"],
            lines=[debit("5000", 700), credit("1000", 700)],
        )
    cost = past_the_services(
        on=date(2024, 1, 31), memo="rent", by=staff["park"], lines=[debit("5000", 700), credit("1000", 700)]
    )
    lodged = past_the_services(
        on=date(2024, 1, 31), memo="deposit?", by=staff["park"], lines=[debit("1100", 50), credit("1000", 50)]
    )
    # then both balances are named, with the entries that no money event made
    assert of("ledger-5000") == [
        Violation(
            "ledger-5000",
            f"account 5000 (payments to creditors) stands at {PAID + 700:,} won, but the payments "
            f"({PAID:,} won) and the court deposits collected (0 won) come to {PAID:,} won: 700 won more "
            f"in the ledger; entries posted to it by no payment or deposit of its own: #{cost.pk}",
        )
    ]
    assert of("ledger-1100") == [
        Violation(
            "ledger-1100",
            f"account 1100 (court deposits outstanding) stands at {LODGED + 50:,} won, but the court "
            f"deposits lodged and neither returned nor collected come to {LODGED:,} won: 50 won more in "
            f"the ledger; entries posted to it by no payment or deposit of its own: #{lodged.pk}",
        )
    ]
    check_fails()


def test_a_reversed_payment_entry_is_named(books, staff):
    # given the payment's entry reversed past the services (which refuse it), while the payment stands
    payment, _lodged = books
    entry = JournalEntry.objects.get(source=f"payment:{payment.pk}")
    with pytest.raises(ValidationError, match="it stands while the payment"):
        fund.journal_reverse(entry=entry, on=date(2024, 1, 31), by=staff["park"], reason="test")
    postings = [Line(p.account.code, p.debit, p.credit) for p in entry.postings.select_related("account")]
    reversal = past_the_services(
        on=date(2024, 1, 31), memo="test", by=staff["park"], lines=reversal_of(postings), reverses=entry
    )
    # then
    assert of("payment-entry") == [
        Violation(
            "payment-entry",
            f"payment {payment.pk} of {PAID:,} won to {_who(payment.creditor)}: its journal entry "
            f"#{entry.pk} (payment:{payment.pk}) is reversed by entry #{reversal.pk}, yet it stands",
        )
    ]
    assert [v.message.split(" stands at ")[1].split(",")[0] for v in of("ledger-5000")] == ["0 won"]
    check_fails()


# -- 5. every money event has its entry ---------------------------------------------------------------


def _payment_past_the_services(creditor: Creditor, staff, amount: int = 1_000) -> Payment:
    claim = payments.claim_open(creditor=creditor, by=staff["kim"])
    proposal = PaymentProposal.objects.create(
        claim=claim,
        amount=amount,
        planned_on=date(2024, 1, 5),
        status="paid",
        prepared_by=staff["kim"],
        approved_by=staff["park"],
        idempotency_key=uuid.uuid4(),
    )
    return Payment.objects.create(
        creditor=creditor, proposal=proposal, amount=amount, paid_on=date(2024, 1, 5), bank_reference="X"
    )


def test_a_payment_without_its_entry_nor_its_reimbursement_claim_is_named(books, staff):
    # given a payment made past the services, to the second creditor
    payment = _payment_past_the_services(books[1].claim.creditor, staff)
    # then
    what = f"payment {payment.pk} of 1,000 won to {_who(payment.creditor)}"
    assert of("payment-entry") == [
        Violation("payment-entry", f"{what}: the ledger has no journal entry payment:{payment.pk}")
    ]
    assert of("reimbursement") == [
        Violation("reimbursement", f"{what}: no reimbursement claim was opened for it")
    ]
    assert [v.rule for v in invariants.violations()] == ["ledger-5000", "payment-entry", "reimbursement"]
    lines = check_fails()
    assert lines[1] == f"payment-entry: {what}: the ledger has no journal entry payment:{payment.pk}"


def test_an_entry_left_unposted_does_not_count(books, staff):
    # given a payment past the services with its entry written as a draft, never posted
    payment = _payment_past_the_services(books[1].claim.creditor, staff)
    ReimbursementClaim.objects.create(
        payment=payment, case=payment.creditor.award.case, amount=1_000, opened_on=date(2024, 1, 5)
    )
    draft = JournalEntry.objects.create(
        posted_on=date(2024, 1, 5), memo="draft", source=f"payment:{payment.pk}"
    )
    accounts = fund.chart_accounts()
    Posting.objects.create(entry=draft, account=accounts["5000"], debit=1_000)
    Posting.objects.create(entry=draft, account=accounts["1000"], credit=1_000)
    # then the entry is named as not posted, and the balance of 5000 does not count it
    what = f"payment {payment.pk} of 1,000 won to {_who(payment.creditor)}"
    assert of("payment-entry") == [
        Violation(
            "payment-entry", f"{what}: its journal entry #{draft.pk} (payment:{payment.pk}) is not posted"
        )
    ]
    assert len(of("ledger-5000")) == 1
    assert {"reimbursement-entry"} <= rules()


def test_a_reimbursement_claim_of_another_amount_is_named(books):
    payment, _lodged = books
    reimbursement = payment.reimbursement
    ReimbursementClaim.objects.filter(pk=reimbursement.pk).update(amount=5)
    assert of("reimbursement") == [
        Violation(
            "reimbursement",
            f"payment {payment.pk} of {PAID:,} won to {_who(payment.creditor)}: its reimbursement claim "
            f"{reimbursement.pk} is of 5 won",
        )
    ]
    entry = JournalEntry.objects.get(source=f"reimbursement:{reimbursement.pk}")
    assert of("reimbursement-entry") == [
        Violation(
            "reimbursement-entry",
            f"reimbursement claim {reimbursement.pk} of 5 won (payment {payment.pk}): its journal entry "
            f"#{entry.pk} (reimbursement:{reimbursement.pk}) posts Dr 1200 {PAID:,}, Cr 1290 {PAID:,}, "
            "not Dr 1200 5, Cr 1290 5",
        )
    ]
    check_fails()


def test_a_deposit_without_its_entry_and_an_entry_naming_no_event_are_named(books, staff):
    # given a deposit recorded past the services, and an entry posted by hand for a payment that
    # does not exist (the ledger service takes any source)
    _paid, lodged = books
    deposit = CourtDeposit.objects.create(
        claim=lodged.claim, court="광주지방법원", deposit_number="2023금9", lodged_on=LODGED_ON, amount=9
    )
    stray = past_the_services(
        on=date(2024, 1, 31),
        memo="by hand",
        by=staff["park"],
        lines=[debit("5000", 3), credit("1000", 3)],
        source="payment:999999",
    )
    # then
    assert of("deposit-entry") == [
        Violation(
            "deposit-entry",
            f"court deposit {deposit.pk} (광주지방법원 2023금9) of 9 won for {_who(lodged.claim.creditor)}: "
            f"the ledger has no journal entry deposit:{deposit.pk}:lodged",
        )
    ]
    assert of("orphan-entry") == [
        Violation(
            "orphan-entry",
            f"journal entry #{stray.pk} (payment:999999) names payment 999999, which does not exist",
        )
    ]
    check_fails()


# -- 6. the audit chain --------------------------------------------------------------------------------


def test_a_broken_audit_chain_is_named(books):
    assert of("audit-chain") == []
    with append_only_suspended():
        AuditEvent.objects.filter(sequence=2).update(actor_label="someone else")
    assert of("audit-chain") == [
        Violation("audit-chain", "audit chain broken at event 2: its fields do not match its hash")
    ]
    assert check_fails() == ["audit-chain: audit chain broken at event 2: its fields do not match its hash"]


def test_a_claim_filed_under_another_case_is_named(books):
    # given the deposit's claim moved by hand to another case (the dashboard counts claims by it)
    _paid, lodged = books
    claim = lodged.claim
    case = claim.creditor.award.case
    other = Case.objects.create(number="2015다45420", court=case.court)
    assert of("claim-case") == []
    Claim.objects.filter(pk=claim.pk).update(case=other)
    # then the check names the claim and both cases
    assert of("claim-case") == [
        Violation(
            "claim-case",
            f"claim {claim.number} is filed under case 2015다45420; its creditor's award is of {case.number}",
        )
    ]


# -- 7. nothing dated in the future --------------------------------------------------------------------


def test_money_dated_in_the_future_is_named(books, staff):
    # given an entry and a payment dated tomorrow past the services (which refuse it)
    payment, _lodged = books
    tomorrow = today() + timedelta(days=1)
    with pytest.raises(ValidationError, match="in the future"):
        fund.journal_post(
            on=tomorrow, memo="rent", by=staff["park"], lines=[debit("5100", 7), credit("1000", 7)]
        )
    entry = past_the_services(
        on=tomorrow, memo="rent", by=staff["park"], lines=[debit("5100", 7), credit("1000", 7)]
    )
    Payment.objects.filter(pk=payment.pk).update(paid_on=tomorrow)
    # then both are named
    assert of("future") == [
        Violation(
            "future",
            f"payment {payment.pk} of {PAID:,} won to {_who(payment.creditor)} is dated {tomorrow}, after "
            f"today ({today()})",
        ),
        Violation("future", f"journal entry #{entry.pk} (rent) is dated {tomorrow}, after today ({today()})"),
    ]
    check_fails()


def test_what_is_owed_that_cannot_be_computed_is_named_and_the_check_goes_on(books, monkeypatch):
    # given the one read path failing on one award
    _paid, lodged = books
    award_owed = owed.award_owed

    def failing(*, award, **kwargs):
        if award.pk == lodged.claim.creditor.award_id:
            raise ZeroDivisionError("division by zero")
        return award_owed(award=award, **kwargs)

    monkeypatch.setattr(owed, "award_owed", failing)
    assert of("owed") == [
        Violation(
            "owed",
            f"award {lodged.claim.creditor.award_id} (2013다61381, victim 이정호): what is owed on {today()} "
            "cannot be computed (ZeroDivisionError: division by zero)",
        )
    ]
