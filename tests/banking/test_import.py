"""Importing the bank's statement: every line does what it says, once, and nothing else.

The statements here are written with :func:`amends.banking.statements.camt053`; the real banks' files
are read in ``test_statements.py`` and ``test_real_files.py``."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from lxml import etree

from amends.banking import pain, selectors, services, statements
from amends.banking.models import Statement, StatementLine
from amends.core.clock import today
from amends.fund import selectors as fund_selectors
from amends.fund.models import JournalEntry
from amends.oversight import invariants
from amends.payments.models import Payment, ReimbursementClaim
from tests.fund.conftest import approved_claim

pytestmark = pytest.mark.django_db

ACCOUNT = "11101234567890"  # the foundation's account in the tests' settings


def record_account(creditor, staff, number):
    return services.payee_account_record(
        creditor=creditor,
        holder=str(creditor.person),
        bank_code="004",
        account_number=f"123456789{number:03}",
        by=staff["park"],
    )


@pytest.fixture
def batch(creditors, staff):
    """Both creditors' payments approved for today, their accounts on record (by park), in one batch
    (by choi) for execution today."""
    for number, creditor in enumerate(creditors, 1):
        approved_claim(creditor, staff, planned=today())
        record_account(creditor, staff, number)
    return services.batch_create(by=staff["choi"], execution_on=today())


def paid(item, **changes):
    return {
        "booked_on": today(),
        "amount": item.amount,
        "bank_reference": f"NH-{item.pk}",
        "end_to_end_id": item.end_to_end_id,
    } | changes


def load(lines, staff, name="stmt.xml", **options):
    return services.statement_import(
        content=statements.camt053(lines, account=options.pop("account", ACCOUNT)),
        filename=name,
        by=staff["choi"],
        **options,
    )


def states(batch):
    return [item.proposal.claim.state for item in batch.items.select_related("proposal__claim")]


def books_hold():
    assert invariants.violations() == []
    balance = fund_selectors.trial_balance()
    assert balance.debits == balance.credits


def test_two_payments_sharing_the_banks_reference_are_both_confirmed(batch, staff):
    # given a statement whose two entries carry one AcctSvcrRef, as a real PostFinance file does
    first, second = batch.items.all()
    lines = [paid(first, bank_reference="ZV2025-0001"), paid(second, bank_reference="ZV2025-0001")]
    # when it is imported
    imported = load(lines, staff)
    # then both payments are confirmed, each posted once
    assert imported.confirmed == [first.end_to_end_id, second.end_to_end_id]
    assert imported.unmatched == [] and imported.duplicates == 0
    assert states(batch) == ["paid", "paid"]
    assert Payment.objects.count() == 2
    assert JournalEntry.objects.filter(source__startswith="payment:").count() == 2
    books_hold()


def test_a_batch_booking_repeating_the_entrys_reference_confirms_each_transaction(batch, staff):
    first, second = batch.items.all()
    lines = [
        {
            "booked_on": today(),
            "bank_reference": "FI-BATCH-7",
            "transactions": [
                {"amount": first.amount, "end_to_end_id": first.end_to_end_id},
                {"amount": second.amount, "end_to_end_id": second.end_to_end_id},
            ],
        }
    ]
    imported = load(lines, staff)
    assert imported.confirmed == [first.end_to_end_id, second.end_to_end_id]
    assert states(batch) == ["paid", "paid"]


def test_a_pending_line_confirms_nothing_until_it_is_booked(batch, staff):
    first, second = batch.items.all()
    # given the morning's statement, where the first transfer is still pending
    morning = load([paid(first, status="PDNG"), paid(second)], staff, name="morning.xml")
    # then only the second is paid, and the pending line is listed with its reason
    assert morning.confirmed == [second.end_to_end_id]
    assert [line["line"] for line in morning.pending] == [1]
    assert "confirms nothing until it is booked" in morning.pending[0]["reason"]
    assert states(batch) == ["payment_approved", "paid"]
    assert not Payment.objects.filter(proposal=first.proposal).exists()
    # when the evening's statement books it (and repeats the second line)
    evening = load([paid(first), paid(second)], staff, name="evening.xml")
    # then the first is paid now, and the repeated line changes nothing
    assert evening.confirmed == [first.end_to_end_id]
    assert evening.duplicates == 1
    assert states(batch) == ["paid", "paid"]
    books_hold()
    # and the pending line is no longer among the lines to look at
    assert list(selectors.unmatched_lines()) == []


def test_a_returned_payment_reopens_the_claim_and_reverses_the_ledger(batch, staff):
    first, second = batch.items.all()
    load([paid(first), paid(second)], staff, name="day1.xml")
    payment = Payment.objects.get(proposal=first.proposal)
    # when the bank brings the first transfer back (account closed)
    back = paid(first, debit=False, returned=True, return_reason="AC04", bank_reference="NH-RTN-1")
    imported = load([back], staff, name="day2.xml")
    # then the payment is undone: the claim approved but unpaid again, the reimbursement cancelled,
    # the ledger reversed, and the line listed as a return with the bank's reason
    assert imported.returned == [first.end_to_end_id]
    assert states(batch) == ["payment_approved", "paid"]
    payment.refresh_from_db()
    assert payment.returned_on == today()
    assert "AC04" in payment.return_reason
    assert ReimbursementClaim.objects.get(payment=payment).status == "cancelled"
    assert JournalEntry.objects.filter(source=f"payment:{payment.pk}:returned").count() == 1
    line = StatementLine.objects.get(status="returned")
    assert (line.item, line.return_reason) == (first, "AC04")
    books_hold()
    # and the same return imported again in another file changes nothing
    again = load([back], staff, name="day2-again.xml")
    assert (again.returned, again.duplicates) == ([], 1)


def test_amends_check_finds_a_payment_that_disagrees_with_the_bank(batch, staff):
    first, _second = batch.items.all()
    load([paid(first)], staff)
    assert invariants.bank_statements() == []
    # a payment's day changed behind the statement's back (as a bug or a hand in the database would)
    Payment.objects.filter(proposal=first.proposal).update(paid_on=today() - timedelta(days=1))
    (violation,) = invariants.bank_statements()
    assert violation.rule == "statement-matched"
    assert f"the bank booked {first.amount:,} won on {today()}" in violation.message


def test_a_credit_with_a_paid_payments_reference_is_a_return_not_a_donation(batch, staff):
    first, _second = batch.items.all()
    load([paid(first)], staff, name="day1.xml")
    # a credit that says nothing but the payment's end-to-end reference
    imported = load([paid(first, debit=False, bank_reference="NH-IN-9")], staff, name="day2.xml")
    assert imported.returned == [first.end_to_end_id]
    assert Payment.objects.get(proposal=first.proposal).returned_on == today()


def test_a_return_of_a_payment_not_confirmed_moves_nothing_and_says_why(batch, staff):
    first, _second = batch.items.all()
    imported = load([paid(first, debit=False, returned=True, return_reason="AC01")], staff)
    assert imported.returned == []
    assert "not confirmed as paid" in imported.unmatched[0]["reason"]
    assert states(batch) == ["payment_approved", "payment_approved"]


def test_another_accounts_statement_confirms_nothing(batch, staff):
    first, _second = batch.items.all()
    imported = load([paid(first)], staff, account="99988877766655")
    assert imported.confirmed == []
    assert imported.unmatched == [
        {
            "line": 1,
            "reason": "The statement is of account 99988877766655, not the foundation's account "
            f"{ACCOUNT}: it confirms nothing.",
        }
    ]
    assert Payment.objects.count() == 0


def test_a_line_booked_before_the_batchs_execution_date_is_refused_with_the_reason(batch, staff):
    first, second = batch.items.all()
    old = first.batch.execution_on.replace(year=2017)
    imported = load([paid(first, booked_on=old), paid(second)], staff)
    assert imported.confirmed == [second.end_to_end_id]
    assert imported.unmatched == [
        {
            "line": 1,
            "reason": f"Booked on {old.isoformat()}, before the batch's execution date "
            f"{first.batch.execution_on.isoformat()}: it cannot be this payment.",
        }
    ]
    # and nothing was posted in 2017
    assert not JournalEntry.objects.filter(posted_on__year=2017).exists()


def test_one_unreadable_line_does_not_refuse_the_rest(batch, staff):
    first, second = batch.items.all()
    content = statements.camt053([paid(first, amount=12), paid(second)], account=ACCOUNT)
    # a fraction of a won in the first entry
    content = content.replace(b'<Amt Ccy="KRW">12</Amt>', b'<Amt Ccy="KRW">12.50</Amt>')
    imported = services.statement_import(content=content, filename="odd.xml", by=staff["choi"])
    assert imported.confirmed == [second.end_to_end_id]
    assert imported.unmatched[0]["line"] == 1
    assert "12.50" in imported.unmatched[0]["reason"]
    assert StatementLine.objects.get(position=1).status == "error"


def test_the_same_file_twice_changes_nothing(batch, staff):
    content = statements.camt053([paid(item) for item in batch.items.all()], account=ACCOUNT)
    first = services.statement_import(content=content, filename="stmt.xml", by=staff["choi"])
    entries = JournalEntry.objects.count()
    again = services.statement_import(content=content, filename="stmt.xml", by=staff["choi"])
    assert (again.created, again.statement, again.lines, again.duplicates) == (False, first.statement, 2, 2)
    assert (again.confirmed, again.unmatched) == ([], [])
    assert JournalEntry.objects.count() == entries
    assert Statement.objects.count() == 1


def test_a_file_with_no_statement_is_refused_whole_and_changes_nothing(staff):
    content = statements.camt053([], account=ACCOUNT).replace(b"<Stmt>", b"<!--").replace(b"</Stmt>", b"-->")
    with pytest.raises(ValidationError) as refused:
        services.statement_import(content=content, filename="empty.xml", by=staff["choi"])
    assert "empty.xml" in refused.value.message_dict["statement"][0]
    assert Statement.objects.count() == 0


def test_the_command_line_imports_a_statement_and_prints_what_it_did(batch, staff, tmp_path):
    first, second = batch.items.all()
    path = tmp_path / "stmt.xml"
    path.write_bytes(
        statements.camt053(
            [paid(first), paid(first, bank_reference="NH-again"), paid(second, status="PDNG")],
            account=ACCOUNT,
        )
    )
    out = StringIO()
    call_command("bank", "statement", "import", str(path), "--by", "choi", stdout=out)
    result = json.loads(out.getvalue())
    assert result == {
        "statement": Statement.objects.get().pk,
        "created": True,
        "format": "camt.053.001.08",
        "lines": 3,
        "confirmed": [first.end_to_end_id],
        "returned": [],
        "pending": [
            {"line": 3, "reason": "Pending at the bank (PDNG): it confirms nothing until it is booked."}
        ],
        "unmatched": [{"line": 2, "reason": "This payment is confirmed already."}],
        "duplicates": 0,
    }


def test_the_command_line_exits_2_with_one_line_when_the_file_cannot_be_read(staff, tmp_path, capsys):
    path = tmp_path / "junk.xml"
    path.write_bytes(b"<not-camt/>")
    err = StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("bank", "statement", "import", str(path), "--by", "choi", stderr=err)
    assert exit_.value.code == 2
    assert err.getvalue().startswith("amends bank statement import: junk.xml: ")
    assert len(err.getvalue().strip().splitlines()) == 1
    assert Statement.objects.count() == 0


def test_the_command_line_refuses_a_user_without_the_finance_role(batch, staff, tmp_path):
    path = tmp_path / "stmt.xml"
    path.write_bytes(statements.camt053([paid(item) for item in batch.items.all()], account=ACCOUNT))
    err = StringIO()
    with pytest.raises(SystemExit):
        call_command("bank", "statement", "import", str(path), "--by", "kim", stderr=err)
    assert err.getvalue().startswith("amends bank statement import: ")
    assert Payment.objects.count() == 0


def test_the_command_line_exports_a_batch(batch, tmp_path):
    out = tmp_path / "batch.xml"
    call_command("bank", "batch", "export", batch.reference, "--format", "pain001", "--out", str(out))
    written = out.read_bytes()
    assert f"<MsgId>{batch.reference}</MsgId>".encode() in written
    assert pain.pain001_schema().validate(etree.fromstring(written))
    # by its number too, as CSV on stdout
    csv_out = StringIO()
    call_command("bank", "batch", "export", str(batch.pk), "--format", "csv", stdout=csv_out)
    assert csv_out.getvalue() == pain.batch_csv(batch)
    # an unknown batch: status 2 and one line
    err = StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("bank", "batch", "export", "AMENDS-NONE", stderr=err)
    assert (exit_.value.code, err.getvalue().strip()) == (
        2,
        "amends bank batch export: no batch 'AMENDS-NONE'",
    )


def test_end_to_end_out_and_back_with_a_shared_reference_a_pending_line_and_a_return(
    creditors, staff, tmp_path
):
    """The batch goes out as a file, the bank's statements come back with two entries under one
    reference, a pending line, and the next day a return: every payment ends where it should, the
    ledger balances, and ``amends check`` passes."""
    for number, creditor in enumerate(creditors, 1):
        approved_claim(creditor, staff, planned=today())
        record_account(creditor, staff, number)
    batch_ = services.batch_create(by=staff["choi"], execution_on=today())
    call_command("bank", "batch", "export", batch_.reference, "--out", str(tmp_path / "out.xml"))
    assert (tmp_path / "out.xml").read_bytes().count(b"<CdtTrfTxInf>") == 2
    first, second = batch_.items.all()
    # day 1: both booked under one bank reference, plus a pending fee
    day1 = tmp_path / "day1.xml"
    day1.write_bytes(
        statements.camt053(
            [
                paid(first, bank_reference="SAME-1"),
                paid(second, bank_reference="SAME-1"),
                {"booked_on": today(), "amount": 500, "status": "PDNG", "bank_reference": "FEE"},
            ],
            account=ACCOUNT,
        )
    )
    out = StringIO()
    call_command("bank", "statement", "import", str(day1), "--by", "choi", stdout=out)
    assert json.loads(out.getvalue())["confirmed"] == [first.end_to_end_id, second.end_to_end_id]
    # day 2: the second payment comes back
    day2 = tmp_path / "day2.xml"
    day2.write_bytes(
        statements.camt053(
            [paid(second, debit=False, returned=True, return_reason="AC04", bank_reference="RTN-2")],
            account=ACCOUNT,
        )
    )
    out = StringIO()
    call_command("bank", "statement", "import", str(day2), "--by", "choi", stdout=out)
    assert json.loads(out.getvalue())["returned"] == [second.end_to_end_id]
    assert states(batch_) == ["paid", "payment_approved"]
    call_command("check", verbosity=0)
    books_hold()
