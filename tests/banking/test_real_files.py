"""Real banks' statements (``data/``, sources and licences in ``data/SOURCE.md``) imported for real:
every line is kept, lines that share a bank reference stay apart, and a real return undoes a payment."""

from pathlib import Path

import pytest

from amends.banking import services, statements
from amends.banking.models import StatementLine
from amends.core.clock import today
from amends.oversight import invariants
from amends.payments.models import Claim, Payment
from tests.fund.conftest import approved_claim

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
ACCOUNT = "11101234567890"  # the foundation's account in the tests' settings


def load(name, staff, content=None):
    content = content if content is not None else (DATA / name).read_bytes()
    return services.statement_import(content=content, filename=name, by=staff["choi"])


@pytest.mark.parametrize(
    ("name", "lines"),
    [
        ("postfinance_camt053_v04.xml", 5),
        ("fffs_finland_camt053_v02.xml", 13),
        ("postfinance_return_camt053_v04.xml", 1),
        ("genkgo_camt053_v02_two_statements.xml", 2),
        ("genkgo_camt053_v04.xml", 1),
        ("genkgo_camt053_v08.xml", 1),
        ("lb_centrolink_camt053_v08.xml", 3),
    ],
)
def test_every_line_of_a_real_statement_is_kept_with_a_reason_and_moves_no_money_it_should_not(
    staff, name, lines
):
    imported = load(name, staff)
    # every line stored once, none confirming a payment (no batch names their references)
    assert (imported.lines, imported.duplicates, imported.confirmed, imported.returned) == (lines, 0, [], [])
    stored = StatementLine.objects.filter(statement=imported.statement)
    assert stored.count() == lines
    assert all(line.reason for line in stored)
    assert not Payment.objects.exists()
    # and the same file again changes nothing
    again = load(name, staff)
    assert (again.created, again.duplicates) == (False, lines)
    assert StatementLine.objects.count() == lines


def test_the_postfinance_entries_sharing_one_reference_are_two_lines(staff):
    load("postfinance_camt053_v04.xml", staff)
    shared = StatementLine.objects.filter(bank_reference="07582000303KBMSU").order_by("position")
    assert [(line.position, line.amount, line.debit) for line in shared] == [
        (4, 153_700, False),
        (5, 169_222, False),
    ]
    assert len({line.identity for line in shared}) == 2


def test_the_finnish_twin_debits_are_both_kept(staff):
    # two debits of 10,000 under one reference, alike in every respect, on the same day
    load("fffs_finland_camt053_v02.xml", staff)
    twins = StatementLine.objects.filter(bank_reference="091029ARCH09001")
    assert [(line.position, line.amount) for line in twins.order_by("position")] == [
        (12, 10_000),
        (13, 10_000),
    ]


def test_a_real_return_names_the_payment_it_cannot_find(staff):
    imported = load("postfinance_return_camt053_v04.xml", staff)
    assert imported.unmatched == [
        {
            "line": 1,
            "reason": "A payment came back, but no payment in any batch has its reference AMENDS-P301.",
        }
    ]


def test_postfinances_return_undoes_the_payment_it_names(creditors, staff):
    # given a payment sent and confirmed today
    approved_claim(creditors[0], staff, planned=today())
    services.payee_account_record(
        creditor=creditors[0],
        holder="김영수",
        bank_code="004",
        account_number="123456789001",
        by=staff["park"],
    )
    batch = services.batch_create(by=staff["choi"], execution_on=today())
    item = batch.items.get()
    sent = {
        "booked_on": today(),
        "amount": item.amount,
        "bank_reference": "PF-1",
        "end_to_end_id": item.end_to_end_id,
    }
    load("day1.xml", staff, statements.camt053([sent], account=ACCOUNT))
    # when PostFinance's real return comes back, carrying this payment's reference, amount and day
    content = (
        (DATA / "postfinance_return_camt053_v04.xml")
        .read_bytes()
        .replace(b"AMENDS-P301", item.end_to_end_id.encode())
        .replace(b">50000<", f">{item.amount}<".encode())
        .replace(b"2020-11-24", today().isoformat().encode())
    )
    imported = load("return.xml", staff, content)
    # then the payment is undone with the bank's reason, and the books hold
    assert imported.returned == [item.end_to_end_id]
    payment = Payment.objects.get()
    assert (payment.returned_on, payment.return_reason) == (today(), "AC01: Kontonummer falsch")
    assert Claim.objects.get(pk=item.proposal.claim_id).state == "payment_approved"
    assert invariants.violations() == []
