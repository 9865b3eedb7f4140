"""Payment batches: approved payments become a pain.001.001.09 file that validates against the
official XSD, and the bank's camt.053 statement is reconciled once, however often it is imported."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from lxml import etree

from amends.fund import bankfiles, selectors, services
from amends.fund.models import JournalEntry, StatementLine
from amends.payments.models import Payment
from tests.fund.conftest import approved_claim

pytestmark = pytest.mark.django_db

NS = {"p": bankfiles.PAIN_NS}


@pytest.fixture
def batch(creditors, staff):
    """Both creditors' payments approved, their accounts on record, in one batch."""
    for number, creditor in enumerate(creditors, 1):
        approved_claim(creditor, staff)
        services.payee_account_record(
            creditor=creditor,
            holder=str(creditor.person),
            bank_code="004",
            bank_name="KB국민은행",
            account_number=f"123-45-678{number}",
            by=staff["park"],
        )
    return services.batch_create(by=staff["park"], execution_on=date(2023, 4, 14))


def statement(batch, **changes):
    lines = [
        {
            "booked_on": date(2023, 4, 14),
            "amount": item.amount,
            "bank_reference": f"KB-{item.pk}",
            "end_to_end_id": item.end_to_end_id,
        }
        for item in batch.items.all()
    ]
    return lines


def test_the_batch_is_a_pain001_file_valid_against_the_official_xsd(batch):
    # when the batch is written out
    xml = bankfiles.pain001(batch)
    # then the official schema accepts it, and it carries every transfer in won
    document = etree.fromstring(xml)
    assert bankfiles.pain001_schema().validate(document)
    assert document.findtext("p:CstmrCdtTrfInitn/p:GrpHdr/p:NbOfTxs", namespaces=NS) == "2"
    amounts = document.findall(".//p:CdtTrfTxInf/p:Amt/p:InstdAmt", NS)
    assert [a.get("Ccy") for a in amounts] == ["KRW", "KRW"]
    assert sum(int(a.text) for a in amounts) == 2 * 296_438_356
    assert document.findtext("p:CstmrCdtTrfInitn/p:GrpHdr/p:CtrlSum", namespaces=NS) == str(2 * 296_438_356)
    ids = [e.text for e in document.findall(".//p:CdtTrfTxInf/p:CdtrAcct/p:Id/p:Othr/p:Id", NS)]
    assert ids == ["123-45-6781", "123-45-6782"]


def test_a_broken_file_fails_the_xsd(batch):
    # given the file with an amount that is not a number
    document = etree.fromstring(bankfiles.pain001(batch))
    document.find(".//p:InstdAmt", NS).text = "three hundred"
    # then the schema refuses it
    assert not bankfiles.pain001_schema().validate(document)


def test_a_payment_is_batched_once_and_needs_a_bank_account(creditors, staff, batch):
    # then nothing is left to batch
    with pytest.raises(ValidationError, match="No approved payment"):
        services.batch_create(by=staff["park"], execution_on=date(2023, 4, 14))
    # and only a finance officer creates batches
    with pytest.raises(PermissionDenied):
        services.batch_create(by=staff["kim"], execution_on=date(2023, 4, 14))


def test_a_creditor_without_a_bank_account_is_named(creditors, staff):
    approved_claim(creditors[0], staff)
    with pytest.raises(ValidationError, match="no bank account"):
        services.batch_create(by=staff["park"], execution_on=date(2023, 4, 14))


def test_the_batch_as_csv(batch):
    rows = services.batch_csv(batch).splitlines()
    assert rows[0] == "end_to_end_id,execution_date,bank_code,bank_name,account_number,holder,amount,currency"
    assert rows[1].endswith(",296438356,KRW")
    assert len(rows) == 3


def test_reconciliation_marks_matches_paid_and_lists_mismatches(batch, staff):
    # given the bank's statement: both transfers, a stray debit and a donation received
    lines = statement(batch)
    lines.append(
        {"booked_on": date(2023, 4, 14), "amount": 55_000, "bank_reference": "KB-FEE", "end_to_end_id": ""}
    )
    lines.append(
        {"booked_on": date(2023, 4, 15), "amount": 1_000_000, "debit": False, "bank_reference": "KB-IN"}
    )
    content = bankfiles.camt053(lines)
    # when it is imported
    _statement, created = services.statement_import(content=content, filename="stmt.xml", by=staff["choi"])
    # then both payments are confirmed, posted, and two lines are listed with their reasons
    assert created
    assert Payment.objects.count() == 2
    assert sorted(Payment.objects.values_list("bank_reference", flat=True)) == sorted(
        f"KB-{item.pk}" for item in batch.items.all()
    )
    assert {c.claim.state for c in batch.items.all() for c in [c.proposal]} == {"paid"}
    assert JournalEntry.objects.filter(source__startswith="payment:").count() == 2
    unmatched = {line.bank_reference: line.reason for line in selectors.unmatched_lines()}
    assert unmatched == {
        "KB-FEE": "No payment in any batch has this reference.",
        "KB-IN": "Money received, not a payment: record it as a contribution if it is one.",
    }
    assert selectors.trial_balance().balanced


def test_importing_the_same_statement_twice_changes_nothing(batch, staff):
    content = bankfiles.camt053(statement(batch))
    services.statement_import(content=content, filename="stmt.xml", by=staff["choi"])
    counts = (Payment.objects.count(), JournalEntry.objects.count(), StatementLine.objects.count())
    # when the same file, and then the same lines in another file, are imported again
    _again, created = services.statement_import(content=content, filename="stmt.xml", by=staff["choi"])
    services.statement_import(
        content=bankfiles.camt053(statement(batch), statement_id="STMT-2"),
        filename="stmt2.xml",
        by=staff["choi"],
    )
    # then nothing changes
    assert not created
    assert (Payment.objects.count(), JournalEntry.objects.count(), StatementLine.objects.count()) == counts


def test_a_wrong_amount_is_a_mismatch_and_pays_nothing(batch, staff):
    lines = statement(batch)
    lines[0]["amount"] -= 1
    services.statement_import(content=bankfiles.camt053(lines), filename="s.xml", by=staff["choi"])
    (line,) = selectors.unmatched_lines()
    assert line.reason == "The bank paid 296,438,355 won; the batch sent 296,438,356 won."
    assert Payment.objects.count() == 1


def test_a_csv_statement_and_its_errors(batch, staff):
    item = batch.items.first()
    header = "booked_on,amount,direction,bank_reference,end_to_end_id\n"
    good = f"{header}2023-04-14,{item.amount},DBIT,KB-9,{item.end_to_end_id}\n"
    statement_, _created = services.statement_import(
        content=good.encode(), filename="s.csv", by=staff["choi"]
    )
    assert statement_.lines.get().status == "matched"
    bad = "booked_on,amount,direction,bank_reference,end_to_end_id\n2023-04-14,12.5,DBIT,KB-10,X\n"
    with pytest.raises(ValidationError, match=r"row 2: amount '12\.5' is not a positive whole number of won"):
        services.statement_import(content=bad.encode(), filename="bad.csv", by=staff["choi"])


def test_any_camt053_version_is_read():
    content = bankfiles.camt053([{"booked_on": date(2024, 1, 2), "amount": 10, "end_to_end_id": "E1"}])
    content = content.replace(b"camt.053.001.08", b"camt.053.001.02")
    (line,) = bankfiles.parse_statement(content)
    assert (line.amount, line.end_to_end_id, line.debit) == (10, "E1", True)
    with pytest.raises(bankfiles.StatementError, match=r"not a camt\.053"):
        bankfiles.parse_statement(b"<Document xmlns='urn:other'/>")
